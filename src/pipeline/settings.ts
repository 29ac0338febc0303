/**
 * The settings of one `generate()` run: each option as the caller gave it, else as the
 * project's manifest recorded it (so that a bare regeneration repeats the last run), and
 * what the manifest records of the run in turn.
 */
import path from 'node:path';
import type { ReceiverIR } from '../plan/ir';
import { resolveScaleOut, type ScaleOut } from '../render/scaleout';
import { BUILTIN_TEMPLATES, readOverrides, type TemplateOverrides } from '../render/templates';
import { RECORDED_OPTIONS, type Manifest, type RecordedOption } from '../write/manifest';
import type { GenerateOptions } from './generate';

export interface RunSettings {
  /** Each recorded option: the flag, else what the manifest recorded. */
  effective: Partial<Record<RecordedOption, string>>;
  signature?: string;
  signatureOptions: string[];
  scaleOut: ScaleOut;
  lenient: boolean;
  templates?: TemplateOverrides;
  /** The overrides as the manifest records them (their folder relative to the project). */
  templatesRecord?: NonNullable<Manifest['templates']>;
  /** The overrides as the result reports them (their folder absolute). */
  templatesUsed?: { dir: string; overrides: string[] };
  /** Overrides the last run used that this one does not. */
  templateWarnings: string[];
}

export async function runSettings(
  options: GenerateOptions,
  previous: Manifest | undefined,
  outDir: string,
): Promise<RunSettings> {
  const recorded = (key: RecordedOption) => stringOption(previous?.options[key]);
  const effective: Partial<Record<RecordedOption, string>> = {};
  for (const key of RECORDED_OPTIONS) {
    const value = options[key] ?? recorded(key);
    if (value !== undefined) effective[key] = value;
  }
  const templates = await resolveTemplates(options.templates, previous, outDir);
  const templatesRecord = templates && {
    dir: toPosix(path.relative(outDir, templates.dir)) || '.',
    overrides: templates.files,
    builtins: builtinsRecord(templates, previous),
  };
  return {
    effective,
    signature: effective.signature,
    signatureOptions:
      options.signatureOptions ?? listOption(previous?.options.signatureOptions) ?? [],
    scaleOut: resolveScaleOut(options, previous?.options),
    lenient: options.lenient ?? previous?.options.lenient === true,
    templates,
    templatesRecord,
    templatesUsed: templates && { dir: templates.dir, overrides: Object.keys(templates.files) },
    templateWarnings: [
      ...Object.keys(previous?.templates?.overrides ?? {})
        .filter((file) => !(file in (templates?.files ?? {})))
        .map((file) =>
          templates
            ? `the override of ${file} is no longer in ${templatesRecord?.dir}: the built-in template is used again`
            : `the override of ${file} is no longer used (--no-templates): the built-in template is used again`,
        ),
      ...Object.keys(templates?.files ?? {})
        .filter((file) => templatesRecord?.builtins[file] !== templates?.builtins[file])
        .map(
          (file) =>
            `the built-in template ${file} has changed since your override ${path.relative(process.cwd(), path.join(templates?.dir ?? '', file))} last changed: compare the two (the built-in is ${path.join(BUILTIN_TEMPLATES, file)}) and bring the override up to date; it is used as it is until then, and this warning stays until the override changes`,
        ),
    ],
  };
}

/**
 * The built-in template each override replaces, as the manifest records it: the hash from
 * the last run while the override is unchanged (so a built-in that changed since is still
 * told apart), the installed one for an override that is new or changed (its author had the
 * installed built-in before them) or when the manifest recorded none.
 */
function builtinsRecord(
  templates: TemplateOverrides,
  previous: Manifest | undefined,
): Record<string, string> {
  const before = previous?.templates;
  const out: Record<string, string> = {};
  for (const [file, overrideHash] of Object.entries(templates.files)) {
    const recorded = before?.builtins?.[file];
    out[file] =
      recorded !== undefined && before?.overrides[file] === overrideHash
        ? recorded
        : templates.builtins[file];
  }
  return out;
}

/**
 * The template overrides of this run: the flag's folder, else the one the manifest records
 * (relative to the project), else none; `false` (`--no-templates`) for none.
 */
async function resolveTemplates(
  flag: string | false | undefined,
  previous: Manifest | undefined,
  outDir: string,
): Promise<TemplateOverrides | undefined> {
  if (flag === false) return undefined;
  if (flag !== undefined) return readOverrides(flag);
  if (!previous?.templates) return undefined;
  return readOverrides(path.resolve(outDir, previous.templates.dir), undefined, 'manifest');
}

/** The decisions of this run: the perspective and layout as resolved, not as asked. */
export function recordedOptions(
  ir: ReceiverIR,
  signature: string | undefined,
  signatureOptions: readonly string[],
): Manifest['options'] {
  const out: Manifest['options'] = {
    perspective: ir.perspective.used,
    endpoint: ir.endpoint.layout,
  };
  if (signature) out.signature = signature;
  if (signatureOptions.length > 0) out.signatureOptions = [...signatureOptions];
  if (ir.endpoint.layout === 'single') out.endpointPath = ir.endpoint.path;
  if (ir.dispatch) {
    out.dispatch = `${ir.dispatch.in}:${ir.dispatch.at}`;
    out.dispatchValue = ir.dispatch.source;
  }
  return out;
}

/** The scale-out layer a manifest records. */
export function recordedScaleOut(manifest: Manifest): ScaleOut {
  return resolveScaleOut({}, manifest.options);
}

function stringOption(value: Manifest['options'][string] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function listOption(value: Manifest['options'][string] | undefined): string[] | undefined {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : undefined;
}

/** A relative path with `/` separators, as the manifest writes paths. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
