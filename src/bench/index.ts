// `npm run bench`: runs every *.bench.ts in this folder (or those matching the filter arguments)
// and prints one JSON line per figure.
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Benchmark {
  name: string;
  /** Returns one or more figures; each becomes one JSON line. */
  run(): Promise<Record<string, unknown>[]>;
}

export async function runBenchmarks(filters: string[]): Promise<number> {
  const directory = dirname(fileURLToPath(import.meta.url));
  const files = (await readdir(directory)).filter((file) => file.endsWith('.bench.ts')).sort();
  let failures = 0;
  for (const file of files) {
    const { benchmarks } = (await import(pathToFileURL(join(directory, file)).href)) as { benchmarks: Benchmark[] };
    for (const benchmark of benchmarks) {
      if (filters.length > 0 && !filters.some((filter) => benchmark.name.includes(filter))) continue;
      try {
        for (const figure of await benchmark.run()) process.stdout.write(`${JSON.stringify({ bench: benchmark.name, ...figure })}\n`);
      } catch (error) {
        failures += 1;
        process.stdout.write(`${JSON.stringify({ bench: benchmark.name, error: (error as Error).message })}\n`);
      }
    }
  }
  return failures === 0 ? 0 : 1;
}
