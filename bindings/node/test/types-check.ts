// Compiled by `tsc --noEmit` only: checks that index.d.ts describes a usable API.
import {
  Client,
  Request,
  License,
  LicenseSpringError,
  LicenseError,
  hardwareId,
  version,
  statusCategory,
  CategoryName,
} from '..';

function example(baseUrl: string, pem: string): void {
  const client = new Client({
    apiKey: 'k',
    sharedKey: 's',
    baseUrl,
    publicKeyPem: pem,
    timeouts: { connectMs: 1000, totalMs: 5000 },
    proxy: false,
  });
  const request = new Request({ product: 'demo', hardwareId: hardwareId(), licenseKey: 'KEY', variables: { a: 'b' } })
    .setIsVm(false)
    .setLicenseId(1n)
    .setMacAddress('00:11');
  try {
    const license: License = client.activate(request);
    const key: string | null = license.key;
    const features: { code: string; name: string }[] = license.features;
    console.log(key, features, license.customFields[0]?.value, license.maxActivations);
    license.close();
    client.check({ product: 'demo', hardwareId: 'x', licenseKey: 'KEY' })[Symbol.dispose]();
  } catch (e) {
    if (e instanceof LicenseError) {
      const code: string = e.serverCode;
      const retry: number | null = e.retryAfter;
      console.log(code, retry);
    } else if (e instanceof LicenseSpringError) {
      const c: CategoryName = e.category;
      console.log(c, e.status, e.statusName, e.httpStatus);
    }
  } finally {
    request.close();
    client.close();
  }
  console.log(version(), statusCategory(510));
}

export { example };
