import { PGlite } from "@electric-sql/pglite";
let t=performance.now();
const db = new PGlite(); await db.waitReady; console.log("mem open", performance.now()-t);
t=performance.now(); const dump = await db.dumpDataDir("none"); console.log("dump", performance.now()-t, dump.size);
t=performance.now(); const db2 = new PGlite({loadDataDir: dump}); await db2.waitReady; console.log("load", performance.now()-t);
t=performance.now(); const db3 = new PGlite(); await db3.waitReady; console.log("mem open 2", performance.now()-t);
