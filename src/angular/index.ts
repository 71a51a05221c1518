// rxjs-text-stream/angular: a session as signals, for Angular apps (zoneless or zone.js).
export { injectTextStream } from './injectTextStream.js';
export type { InjectTextStreamOptions, TextStream } from './injectTextStream.js';
export { outsideAngular } from './outsideAngular.js';
