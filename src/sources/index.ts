/**
 * The `sources/` room: detect the container of an input and unwrap the
 * bulletin text and embedded signatures from it.
 */
export { detectFormat } from './detect.js'
export type {
  ByteSpan,
  DetectOptions,
  EmbeddedSignature,
  Encoding,
  Fidelity,
  Format,
  Hints,
  Part,
  Place,
  Span,
  Unwrapped,
  UnwrapOptions,
} from './types.js'
export { defaultMaxSize, unwrap } from './unwrap.js'
