/**
 * A self-signed certificate made for a test with `openssl` (Deno.Command): an EC key and a
 * certificate for `localhost` and 127.0.0.1, valid for a day, written into a folder.
 */

/** The files and their PEM text. */
export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

/** Makes the certificate in `dir` (as `cert.pem`, `key.pem`); throws when openssl fails. */
export async function makeCertificate(dir: string): Promise<TestCertificate> {
  const certFile = `${dir}/cert.pem`;
  const keyFile = `${dir}/key.pem`;
  const { code, stderr } = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-addext",
      // A leaf, not a CA: rustls refuses a CA certificate as the server's own.
      "basicConstraints=critical,CA:FALSE",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(
      `openssl could not make a certificate: ${
        new TextDecoder().decode(stderr)
      }`,
    );
  }
  return {
    certFile,
    keyFile,
    cert: await Deno.readTextFile(certFile),
    key: await Deno.readTextFile(keyFile),
  };
}
