/** `npm run sim -- [options]`: the vendor simulator as a process. See USAGE in cliArgs.ts. */
import { parseCliArgs, USAGE } from './cliArgs';
import { start } from './server';

async function main(): Promise<void> {
  let config;
  try {
    config = parseCliArgs(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config.help) {
    console.log(USAGE);
    return;
  }
  const sim = await start(config.options);
  for (const fault of config.faults) sim.injectFault(fault);
  console.log(`Tandem vendor simulator listening on ${sim.url}`);
  console.log(`  Mistral:   new Mistral({ apiKey, serverURL: '${sim.url}' })`);
  console.log(`  Anthropic: new Anthropic({ apiKey, baseURL: '${sim.url}' })`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
