// `npm run fake-dingtalk`: the fake platform on a fixed port, with a web page to talk to the bot.
import { parseArgs } from 'node:util';
import { FakeDingTalk } from './fake-dingtalk.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8790' }, host: { type: 'string', default: '127.0.0.1' } } });
const fake = await FakeDingTalk.start({ port: Number(values.port), host: values.host });
const env = { ...fake.env, ADMIN_STAFF_IDS: 'fake-admin' };
process.stdout.write(
  [
    '',
    `  Fake DingTalk listening on ${fake.url}`,
    '',
    '  Start the bot against it in another shell:',
    '',
    `    ${Object.entries(env).map(([key, value]) => `${key}=${value}`).join(' \\\n    ')} \\\n    npm start`,
    '',
    `  Then open ${fake.url}/ to send commands as staff "fake-admin" (an admin) and see the replies, charts included.`,
    `  Or from a shell: curl -s ${fake.url}/fake/say -H 'content-type: application/json' -d '{"text":"/status","staffId":"fake-admin"}'`,
    `                   curl -s '${fake.url}/fake/conversation?id=cid-group-risk'`,
    '',
  ].join('\n'),
);
const stop = () => {
  fake.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
