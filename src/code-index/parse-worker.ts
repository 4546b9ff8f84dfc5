/** The entry of a `cpk scan` parse worker (dist/cli-parse-worker.js): see parse-files.ts. */
import { serveParseWorker } from './parse-files.js';

serveParseWorker();
