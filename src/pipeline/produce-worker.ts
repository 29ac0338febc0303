/** The worker thread of `produce.ts`: warms up at once, then answers each request. */
import { produce, warmUp, type ProduceRequest, type Produced, type StageEvent } from './produce';
import { serve } from './worker';

serve<ProduceRequest, Produced, StageEvent>(
  (request, emit) => produce(request, (stage, detail, ms) => emit([stage, detail, ms])),
  warmUp(),
);
