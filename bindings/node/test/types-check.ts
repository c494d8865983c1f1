// Compiled by `tsc --noEmit` only: checks that index.d.ts describes a usable API.
import {
  Client,
  Request,
  License,
  Feature,
  LicenseObject,
  Product,
  Versions,
  Version,
  InstallationFile,
  UserLicense,
  UserLicenseObject,
  User,
  LicenseSpringError,
  LicenseError,
  CancelledError,
  NetworkError,
  hardwareId,
  version,
  statusCategory,
  CategoryName,
  Status,
  HardwareIdAlgorithm,
  ABI_VERSION,
  Store,
  StoreState,
  TamperingError,
  StorageError,
} from '..';

async function example(baseUrl: string, pem: string): Promise<void> {
  const client = new Client({
    apiKey: 'k',
    sharedKey: 's',
    baseUrl,
    publicKeyPem: pem,
    timeouts: { connectMs: 1000, totalMs: 5000 },
    proxy: false,
  });
  const oauth = new Client({ clientId: 'id', clientSecret: 'secret', tokenUrl: `${baseUrl}/token`, baseUrl });
  oauth.close();
  const request = new Request({ product: 'demo', hardwareId: hardwareId(), licenseKey: 'KEY', variables: { a: 'b' } })
    .setIsVm(false)
    .setLicenseId(1n)
    .setMacAddress('00:11')
    .set('consumptions', 2)
    .clear('macAddress');
  const controller = new AbortController();
  try {
    const license: License = await client.activate(request, { signal: controller.signal });
    const key: string | null = license.key;
    const id: number | bigint = license.id;
    const active: boolean | null = license.active;
    const features: Feature[] = license.features;
    const code: string = features[0].code;
    const snapshot: LicenseObject = license.toObject();
    console.log(key, id, active, code, snapshot.customFields[0]?.value, license.maxActivations, license.json);
    license.close();
    const checked: License = client.checkSync({ product: 'demo', hardwareId: 'x', licenseKey: 'KEY' });
    checked[Symbol.dispose]();
    const product: Product = await client.productDetails({ product: 'demo', includeCustomFields: true });
    console.log(product.shortCode, product.customFields[0]?.name);
    const versions: Versions = await client.versions(request.setChannel('stable'));
    for (const v of versions) {
      const name: string = v.version;
      console.log(name, v.releaseDate);
    }
    const first: Version | undefined = versions.items[0];
    const file: InstallationFile = await client.installationFile(request.setVersion(first?.version ?? null));
    console.log(file.url, file.sha256);
    const mine = await client.userLicenses({ product: 'demo-user', username: 'u', password: 'p' });
    for (const entry of mine) {
      const nested: License = entry.license;
      const user: User | null = entry.user;
      const snap: UserLicenseObject = entry.toObject();
      console.log(nested.id, user?.email, snap.user?.email, snap.license.key);
    }
    const nothing: void = await client.deactivate(request);
    console.log(nothing);
  } catch (e) {
    if (e instanceof CancelledError) {
      const abort: 'ABORT_ERR' | undefined = e.code;
      console.log(abort, e.name);
    } else if (e instanceof LicenseError || e instanceof NetworkError) {
      const server: string = e.serverCode;
      const retry: number | bigint | null = e.retryAfter;
      console.log(server, retry);
    } else if (e instanceof LicenseSpringError) {
      const c: CategoryName = e.category;
      console.log(c, e.status, e.statusName, e.httpStatus);
    }
  } finally {
    request.close();
    client.close();
  }
  const timeout: 101 = Status.LS_ERR_TIMEOUT;
  const abi: number = ABI_VERSION;
  console.log(
    version(),
    statusCategory(510),
    timeout,
    abi,
    hardwareId(HardwareIdAlgorithm.LS_HARDWARE_ID_LINUX_MACHINE_ID),
  );
}

async function storeExample(client: Client, dir: string | null): Promise<void> {
  using store = new Store({ folder: dir, product: 'demo' });
  store.setGraceHours(48);
  store.setTime(new Date());
  store.setTime(null);
  const request = { product: 'demo', hardwareId: 'hw' };
  try {
    const { license, state } = await store.check(client, request, { signal: AbortSignal.timeout(1000) });
    const end: Date | null = state.graceEnd;
    const flags: boolean[] = [state.online, state.inGrace, state.offlineActivated];
    console.log(license.key, end, flags, state.saveStatus === Status.LS_OK);
  } catch (e) {
    if (e instanceof TamperingError || e instanceof StorageError) console.log(e.statusName);
  }
  const local: StoreState = store.checkLocalSync(client, request).state;
  const text: string = await store.offlineActivationRequest(client, { ...request, licenseKey: 'K' });
  const loaded: License = (await store.loadOfflineLicense(client, request, text)).license;
  await store.offlineDeactivationRequestFile(client, request, `${store.path}.req`);
  const counted: StoreState = await store.addLocalConsumption(client, request, 1n);
  await store.deactivate(client, request);
  await store.remove();
  console.log(local, loaded, counted);
}

export { example, storeExample };
