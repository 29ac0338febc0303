import path from 'node:path';
import ts from 'typescript';

/**
 * Type-checks projects in-process with their own tsconfig.json. Declaration files (the
 * shared node_modules) are parsed once and reused across projects, so checking dozens of
 * generated projects costs little more than checking their own files.
 */
export class TypeChecker {
  private readonly cache = new Map<string, ts.SourceFile>();

  check(project: string): string[] {
    const configPath = path.join(project, 'tsconfig.json');
    const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, project);
    const options = { ...parsed.options, noEmit: true };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const real = ts.sys.realpath?.(fileName) ?? fileName;
      if (!real.includes(`${path.sep}node_modules${path.sep}`))
        return getSourceFile(fileName, languageVersion, onError, shouldCreate);
      let file = this.cache.get(real);
      if (!file) {
        file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (file) this.cache.set(real, file);
      }
      return file;
    };
    const program = ts.createProgram({ rootNames: parsed.fileNames, options, host });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where =
        d.file && d.start !== undefined
          ? `${path.relative(project, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
          : '';
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  }
}
