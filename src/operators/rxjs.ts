// The rxjs values the operators use, imported in one place: a bundler keeps
// rxjs external and writes one import statement per module that names it.
export { asyncScheduler, Observable, Subject } from 'rxjs';
