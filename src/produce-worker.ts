/** The worker thread of `produce.ts`: warm up at once, then answer each request. */
import { parentPort } from 'node:worker_threads';
import { produce, serialise, warmUp, type ProduceRequest, type WorkerReply } from './produce';

const ready = warmUp().catch(() => undefined); // a failed warm-up only costs speed

parentPort?.on('message', (request: ProduceRequest) => {
  ready
    .then(() => produce(request))
    .then(
      (produced): WorkerReply => ({ ok: true, produced }),
      (error: unknown): WorkerReply => ({ ok: false, error: serialise(error) }),
    )
    .then((reply) => parentPort?.postMessage(reply));
});
