// Module hooks registered by server-preload.cjs. Node runs module hooks (tsx's, in the Cloud process) on a
// thread of their own with its own V8 heap; it sleeps until a module is requested, so its garbage — tens of MB
// left from compiling the sources at start — is otherwise collected at whatever moment the server next
// imports something. Importing `bench-gc:<n>` collects it now.
export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith("bench-gc:")) {
    if (typeof globalThis.gc === "function") globalThis.gc();
    return { url: `data:text/javascript,export default ${JSON.stringify(specifier)}`, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
