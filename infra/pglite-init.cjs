// Creates a PGlite cluster in the folder given, then exits. Run as a child process: initdb grows
// WebAssembly memory to ~800 MB, and WebAssembly memory is never given back to the system.
const { PGlite } = require('@electric-sql/pglite');

PGlite.create(process.argv[2])
  .then((db) => db.close())
  .catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
