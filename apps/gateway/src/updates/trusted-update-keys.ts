/*
 * The Ed25519 public keys whose update manifests this build believes, as base64 of their raw 32 bytes (an
 * envelope's `keyId` names one of them). Shipping a key in the code is what makes the check worth anything:
 * a key fetched from the network could be swapped along with the manifest. To rotate, add the new key here a
 * release before signing with it, then drop the old one.
 *
 * The private half is not in the repository; `npm run release:sign -- --generate-key` made it
 * (docs/operations.md, "Releases and signing").
 */
export const trustedUpdateKeys: readonly string[] = ["/XmElzTB7US7adsi+6xpaFlvAeuglXbESrJcV8u4DA4="];
