/** The second formatting thread, for large projects: formats the files it is sent. */
import { serve } from '../pipeline/worker';
import type { GeneratedFile } from '../pipeline/files';
import { formatHere, type FormatRequest } from '.';

serve<FormatRequest, GeneratedFile[]>((request) => formatHere(request.files, request.hints));
