import { readFile } from 'node:fs/promises';
import { formatFieldErrors, parseConfigText, readErrorReason } from '../config/load-config.js';

export interface ValidateIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

/**
 * `upwatch validate <file>`: exit 0 and a summary when the config is valid, 1 with every error
 * (line and field path) when it is not, 2 when the file cannot be read.
 * @example process.exitCode = await runValidate('upwatch.yml', io)
 */
export async function runValidate(file: string, io: ValidateIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    io.stderr(`${file}: cannot read the file: ${readErrorReason(err)}`);
    return 2;
  }
  const result = parseConfigText(text, { env, fileName: file });
  if (!result.ok) {
    for (const line of formatFieldErrors(result.errors, file).split('\n')) io.stderr(line);
    return 1;
  }
  io.stdout(`${file}: OK, ${result.config.monitors.length} monitors, ${result.config.notifiers.size} notifiers`);
  return 0;
}
