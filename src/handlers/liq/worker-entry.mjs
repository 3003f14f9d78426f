// Worker thread entry for the liquidation pool. Plain JavaScript so Node can load it without help;
// it registers tsx in this thread (workers start without the parent's loaders: see pool.ts) and
// then loads the TypeScript task.
import { register } from 'tsx/esm/api';

register();
const { runSimulationTask } = await import('./worker.ts');

export default runSimulationTask;
