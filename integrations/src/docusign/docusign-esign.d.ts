/** docusign-esign ships no types; this binds our hand-written subset (sdk-types.ts) to the module. */
declare module 'docusign-esign' {
  const sdk: import('./sdk-types').DocuSignSdk;
  export default sdk;
}
