// Express 4 installed under an alias for the tests; its API is typed with @types/express 5,
// which is close enough for the parts the tests use.
declare module 'express4' {
  import express from 'express';
  export default express;
}
