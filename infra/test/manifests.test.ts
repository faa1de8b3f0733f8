// Static checks of the deployment files in infra/ against the topology in @parley/config: the
// Kubernetes Ingress and the compose edge must route exactly ROUTES, and every service must be
// deployed with the ports, probes and user the services expect. Nothing here needs Docker or a
// cluster; the files are parsed and compared.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_PORTS, EDGE_PORT, ROUTES, SERVICE_NAMES, SERVICE_NODE_FLAGS } from '@parley/config';

const INFRA = path.resolve(__dirname, '..');
const K8S = path.join(INFRA, 'k8s');
const COMPOSE_FILE = path.join(INFRA, 'docker-compose.yml');
const NAMESPACE = 'parley';

// Parsed YAML is untyped; the assertions below are what check its shape.
type Obj = Record<string, any>;

function readYaml(file: string): Obj[] {
  const docs = Array.from(parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true }));
  const problems = docs.flatMap((doc) => [...doc.errors, ...doc.warnings]).map((e) => e.message);
  if (problems.length > 0) throw new Error(`${path.relative(INFRA, file)}: ${problems.join('; ')}`);
  return docs.map((doc) => doc.toJS() as Obj | null).filter((doc): doc is Obj => doc !== null);
}

/** Routes as comparable strings; sorted lists rather than sets, so duplicates show up too. */
const routeKey = (prefix: string, service: string): string => `${prefix} -> ${service}`;
const EXPECTED_ROUTES = ROUTES.map((r) => routeKey(r.prefix, r.service)).sort();
const SORTED_SERVICES = [...SERVICE_NAMES].sort();

const isSubset = (small: Obj | undefined, big: Obj | undefined): boolean =>
  !!small && !!big && Object.keys(small).length > 0 && Object.entries(small).every(([k, v]) => big[k] === v);

// ---------------------------------------------------------------------------------------------
// Kubernetes

const yamlFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

const K8S_FILES = yamlFiles(K8S);
const MANIFEST_FILES = K8S_FILES.filter((f) => f !== 'kustomization.yaml');
const OBJECTS = MANIFEST_FILES.flatMap((file) => readYaml(path.join(K8S, file)));
const ofKind = (kind: string): Obj[] => OBJECTS.filter((o) => o.kind === kind);
const named = (kind: string, name: string): Obj | undefined => ofKind(kind).find((o) => o.metadata?.name === name);

const DEPLOYMENTS = ofKind('Deployment');
const SERVICES = ofKind('Service');
const INGRESSES = ofKind('Ingress');

/** A Kubernetes memory quantity (Mi, Gi, M, G or bytes) in MiB. */
function mebibytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(quantity);
  if (!m) return NaN;
  const unit = { Ki: 1 / 1024, Mi: 1, Gi: 1024, K: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 }[m[2] ?? ''] ?? 1 / 2 ** 20;
  return Number(m[1]) * unit;
}

function onlyContainer(podSpec: Obj): Obj {
  expect(podSpec.containers).toHaveLength(1);
  return podSpec.containers[0] as Obj;
}

/** A probe or Service targetPort may name the container port or give its number. */
function resolveContainerPort(container: Obj, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  return (container.ports as Obj[] | undefined)?.find((p) => p.name === port)?.containerPort as number | undefined;
}

function expectNonRoot(podSpec: Obj, container: Obj): void {
  const pod = (podSpec.securityContext ?? {}) as Obj;
  const own = (container.securityContext ?? {}) as Obj;
  expect(own.runAsNonRoot ?? pod.runAsNonRoot).toBe(true);
  const uid = own.runAsUser ?? pod.runAsUser;
  expect(typeof uid).toBe('number');
  expect(uid).toBeGreaterThan(0);
  expect(own.allowPrivilegeEscalation).toBe(false);
  expect(own.capabilities?.drop).toContain('ALL');
}

const configMap = named('ConfigMap', 'parley-config');
const secret = named('Secret', 'parley-secrets');

describe('Kubernetes manifests', () => {
  it.each(K8S_FILES)('%s parses', (file) => {
    expect(readYaml(path.join(K8S, file)).length).toBeGreaterThan(0);
  });

  it('every document is a named object in the parley namespace', () => {
    expect(OBJECTS.length).toBeGreaterThan(0);
    for (const o of OBJECTS) {
      expect(typeof o.apiVersion).toBe('string');
      expect(typeof o.kind).toBe('string');
      expect(typeof o.metadata?.name).toBe('string');
      if (o.kind === 'Namespace') expect(o.metadata.name).toBe(NAMESPACE);
      else expect(o.metadata.namespace).toBe(NAMESPACE);
    }
  });

  it('kustomization.yaml lists every manifest file', () => {
    const [kustomization] = readYaml(path.join(K8S, 'kustomization.yaml'));
    expect(kustomization?.kind).toBe('Kustomization');
    expect([...(kustomization?.resources as string[])].sort()).toEqual(MANIFEST_FILES);
  });

  it('has exactly one Deployment and one Service per service', () => {
    expect(DEPLOYMENTS.map((d) => d.metadata.name).sort()).toEqual(SORTED_SERVICES);
    expect(SERVICES.map((s) => s.metadata.name).sort()).toEqual(SORTED_SERVICES);
  });

  it('shares config through one ConfigMap and one Secret', () => {
    expect(configMap?.data).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(Number(configMap?.data?.SHUTDOWN_TIMEOUT_MS)).toBeGreaterThan(0);
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'WIDGET_JWT_SECRETS', 'ENCRYPTION_KEYS', 'SESSION_SECRET']) {
      expect(secret?.stringData ?? secret?.data).toHaveProperty(key);
    }
  });

  describe.each(SERVICE_NAMES)('%s', (service) => {
    // Looked up when a test runs, so a missing Deployment fails these tests, not the whole file.
    const port = DEFAULT_PORTS[service];
    let deployment: Obj;
    let podSpec: Obj;
    beforeEach(() => {
      deployment = named('Deployment', service) ?? {};
      podSpec = deployment.spec?.template?.spec ?? {};
    });

    it('runs its image as a non-root user with resources set', () => {
      const container = onlyContainer(podSpec);
      expect(container.image).toMatch(new RegExp(`^parley/${service}:`));
      expectNonRoot(podSpec, container);
      expect(container.resources?.requests).toBeDefined();
      expect(container.resources?.limits?.memory).toBeDefined();
    });

    it('gives the heap the V8 flags allow room below the memory limit', () => {
      // --initial-old-space-size lets old space grow that far before a full collection; a limit
      // below it plus the young generation and Node's own memory would get the pod OOM-killed under load.
      const flag = (name: string) => Number(SERVICE_NODE_FLAGS.find((f) => f.startsWith(`--${name}=`))?.split('=')[1] ?? 0);
      const heapMiB = flag('initial-old-space-size') + 3 * flag('max-semi-space-size');
      expect(mebibytes(String(onlyContainer(podSpec).resources?.limits?.memory))).toBeGreaterThanOrEqual(heapMiB + 256);
    });

    it('listens on its topology port and reads the shared config', () => {
      const container = onlyContainer(podSpec);
      expect(resolveContainerPort(container, 'http')).toBe(port);
      expect(container.env).toContainEqual({ name: 'PORT', value: String(port) });
      expect(container.envFrom).toEqual(
        expect.arrayContaining([{ configMapRef: { name: 'parley-config' } }, { secretRef: { name: 'parley-secrets' } }]),
      );
    });

    it('probes readiness on /readyz and liveness on /healthz at the container port', () => {
      const container = onlyContainer(podSpec);
      expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(resolveContainerPort(container, container.readinessProbe.httpGet.port)).toBe(port);
      expect(resolveContainerPort(container, container.livenessProbe.httpGet.port)).toBe(port);
    });

    it('leaves the load balancer before SIGTERM and outlives the shutdown timeout', () => {
      const container = onlyContainer(podSpec);
      const command = container.lifecycle?.preStop?.exec?.command as string[] | undefined;
      expect(command?.[0]).toBe('sleep');
      const preStopMs = Number(command?.[1]) * 1000;
      expect(preStopMs).toBeGreaterThan(0);
      const shutdownMs = Number(configMap?.data?.SHUTDOWN_TIMEOUT_MS);
      expect(podSpec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopMs + shutdownMs);
    });

    it('has a Service that selects its pods on the topology port', () => {
      const svc = named('Service', service) as Obj;
      const labels = deployment.spec.template.metadata.labels as Obj;
      expect(isSubset(deployment.spec.selector.matchLabels, labels)).toBe(true);
      expect(isSubset(svc.spec.selector, labels)).toBe(true);
      // No other Deployment's pods may match the selector.
      for (const other of DEPLOYMENTS.filter((d) => d !== deployment)) {
        expect(isSubset(svc.spec.selector, other.spec.template.metadata.labels)).toBe(false);
      }
      expect(svc.spec.ports).toHaveLength(1);
      expect(svc.spec.ports[0].port).toBe(port);
      expect(resolveContainerPort(onlyContainer(podSpec), svc.spec.ports[0].targetPort)).toBe(port);
    });
  });

  it('enables the BullMQ workers on notification', () => {
    const container = onlyContainer(named('Deployment', 'notification')?.spec.template.spec);
    expect(container.env).toContainEqual({ name: 'WORKERS_ENABLED', value: 'true' });
  });

  it('has a migration Job running the migrate image as non-root', () => {
    const jobs = ofKind('Job');
    expect(jobs).toHaveLength(1);
    const podSpec = jobs[0]?.spec.template.spec as Obj;
    const container = onlyContainer(podSpec);
    expect(container.image).toMatch(/^parley\/migrate:/);
    expect(podSpec.restartPolicy).toBe('Never');
    expectNonRoot(podSpec, container);
    expect(container.envFrom).toContainEqual({ secretRef: { name: 'parley-secrets' } });
  });
});

describe('Kubernetes Ingress', () => {
  const paths = INGRESSES.flatMap((ingress) =>
    (ingress.spec.rules as Obj[]).flatMap((rule) =>
      (rule.http.paths as Obj[]).map((p) => ({ ingress, path: p.path as string, pathType: p.pathType, backend: p.backend.service as Obj })),
    ),
  );

  it('routes exactly ROUTES', () => {
    expect(paths.map((p) => routeKey(p.path, p.backend.name)).sort()).toEqual(EXPECTED_ROUTES);
  });

  it('uses the nginx class and Prefix paths', () => {
    expect(INGRESSES.length).toBeGreaterThan(0);
    for (const ingress of INGRESSES) expect(ingress.spec.ingressClassName).toBe('nginx');
    for (const p of paths) expect(p.pathType).toBe('Prefix');
  });

  it('points every backend at an existing Service port', () => {
    for (const p of paths) {
      const svc = named('Service', p.backend.name);
      expect(svc).toBeDefined();
      const ports = (svc?.spec.ports as Obj[]).map((sp) => sp.port);
      expect(ports).toContain(p.backend.port.number);
    }
  });

  it('gives the widget-gateway paths long timeouts and cookie affinity, and nothing else affinity', () => {
    for (const p of paths) {
      const annotations = (p.ingress.metadata.annotations ?? {}) as Obj;
      const sticky = annotations['nginx.ingress.kubernetes.io/affinity'] === 'cookie';
      expect({ path: p.path, sticky }).toEqual({ path: p.path, sticky: p.backend.name === 'widget-gateway' });
      if (p.backend.name === 'widget-gateway') {
        expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
        expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// docker-compose and its nginx edge

interface NginxLocation {
  modifier: string;
  path: string;
  body: string;
}

interface NginxConf {
  upstreams: Map<string, string[]>;
  locations: NginxLocation[];
  listen: number[];
  text: string;
}

/** Enough of nginx syntax for edge/nginx.conf: upstream blocks and brace-free location blocks. */
function parseNginx(source: string): NginxConf {
  const text = source.replace(/#[^\n]*/g, '');
  const upstreams = new Map<string, string[]>();
  for (const m of text.matchAll(/\bupstream\s+([\w.-]+)\s*\{([^}]*)\}/g)) {
    upstreams.set(m[1] as string, [...(m[2] as string).matchAll(/\bserver\s+([^\s;]+)/g)].map((s) => s[1] as string));
  }
  const locations = [...text.matchAll(/\blocation\s+(?:([=~^*]+)\s*)?([^\s{]+)\s*\{([^}]*)\}/g)].map((m) => ({
    modifier: m[1] ?? '',
    path: m[2] as string,
    body: m[3] as string,
  }));
  const listen = [...text.matchAll(/\blisten\s+(\d+)/g)].map((m) => Number(m[1]));
  return { upstreams, locations, listen, text };
}

const proxyTarget = (location: NginxLocation): string | undefined => /\bproxy_pass\s+http:\/\/([\w.-]+)\s*;/.exec(location.body)?.[1];

/**
 * Turns the `= P` + `P/` location pairs back into Prefix routes. Anything that does not fit that
 * scheme (a lone half of a pair, a regex location, a target that differs within a pair) is
 * reported as a problem rather than silently dropped.
 */
function edgeRoutes(conf: NginxConf): { routes: string[]; problems: string[] } {
  const routes: string[] = [];
  const problems: string[] = [];
  const find = (modifier: string, p: string) => conf.locations.find((l) => l.modifier === modifier && l.path === p);
  for (const loc of conf.locations) {
    const target = proxyTarget(loc);
    if (!target) problems.push(`location ${loc.modifier} ${loc.path} has no proxy_pass http://<upstream>`);
    if (loc.modifier === '=') {
      const pair = find('', `${loc.path}/`);
      if (!pair) problems.push(`location = ${loc.path} has no matching location ${loc.path}/`);
      else if (proxyTarget(pair) !== target) problems.push(`${loc.path} and ${loc.path}/ go to different upstreams`);
      routes.push(routeKey(loc.path, target ?? '?'));
    } else if (loc.modifier !== '') {
      problems.push(`location ${loc.modifier} ${loc.path}: only exact and prefix locations are supported`);
    } else if (loc.path === '/') {
      routes.push(routeKey('/', target ?? '?'));
    } else if (!loc.path.endsWith('/') || !find('=', loc.path.slice(0, -1))) {
      problems.push(`location ${loc.path} is not half of a "= P" + "P/" pair`);
    }
  }
  return { routes: routes.sort(), problems };
}

interface DockerStage {
  name?: string;
  from: string;
  instructions: { op: string; args: string }[];
}

/** Stages of a Dockerfile with comments dropped and continuation lines joined. */
function parseDockerfile(source: string): DockerStage[] {
  const logical = source
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
      stages.push({ from: m?.[1] ?? '', ...(m?.[2] ? { name: m[2] } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

/** The USER a stage ends with, following `FROM <earlier stage>`; undefined means root. */
function effectiveUser(stages: DockerStage[], stage: DockerStage): string | undefined {
  const own = stage.instructions.filter((i) => i.op === 'USER').at(-1)?.args;
  if (own) return own;
  const parent = stages.find((s) => s.name === stage.from);
  return parent && parent !== stage ? effectiveUser(stages, parent) : undefined;
}

const isRootUser = (user: string | undefined): boolean => !user || /^(root|0)(:|$)/.test(user);

const [COMPOSE = {}] = fs.existsSync(COMPOSE_FILE) ? readYaml(COMPOSE_FILE) : [];
const composeServices = (COMPOSE.services ?? {}) as Record<string, Obj>;
const appServices = Object.entries(composeServices).filter(([, svc]) => svc.build?.args?.SERVICE !== undefined);

describe('docker-compose', () => {
  it('parses', () => {
    expect(Object.keys(composeServices).length).toBeGreaterThan(0);
  });

  it('runs postgres 15, redis 7, the migrate one-shot and an edge', () => {
    expect(composeServices.postgres?.image).toMatch(/^postgres:15(\b|$)/);
    expect(composeServices.redis?.image).toMatch(/^redis:7(\b|$)/);
    expect(composeServices.migrate?.build?.target).toBe('migrate');
    expect(composeServices.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(composeServices.edge).toBeDefined();
  });

  it('builds exactly one container per service, with the topology port', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(SORTED_SERVICES);
    for (const [name, svc] of appServices) {
      expect(svc.build.args.SERVICE).toBe(name);
      expect(String(svc.build.args.PORT)).toBe(String(DEFAULT_PORTS[name as keyof typeof DEFAULT_PORTS]));
    }
  });

  it.each(SERVICE_NAMES)('%s starts after migrations, Postgres and Redis, with container config', (name) => {
    const svc = composeServices[name] as Obj;
    expect(svc.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(svc.environment).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'SHUTDOWN_TIMEOUT_MS', 'WIDGET_JWT_SECRETS', 'ENCRYPTION_KEYS', 'SESSION_SECRET']) {
      expect(svc.environment).toHaveProperty(key);
    }
  });

  it('enables the BullMQ workers on notification', () => {
    expect(composeServices.notification?.environment?.WORKERS_ENABLED).toBe('true');
  });

  describe('Dockerfiles', () => {
    const built = Object.entries(composeServices).filter(([, svc]) => svc.build);

    it.each(built.map(([name]) => name))('%s: the Dockerfile exists and its target runs as non-root', (name) => {
      const build = composeServices[name]?.build as Obj;
      const file = path.resolve(INFRA, build.context ?? '.', build.dockerfile ?? 'Dockerfile');
      expect(fs.existsSync(file)).toBe(true);
      const stages = parseDockerfile(fs.readFileSync(file, 'utf8'));
      const stage = build.target ? stages.find((s) => s.name === build.target) : stages.at(-1);
      expect(stage).toBeDefined();
      const user = effectiveUser(stages, stage as DockerStage);
      expect({ name, user, root: isRootUser(user) }).toEqual({ name, user, root: false });
    });

    it('the service image checks /healthz with node and starts the built entry point', () => {
      const file = path.join(INFRA, 'docker', 'Dockerfile');
      const runtime = parseDockerfile(fs.readFileSync(file, 'utf8')).at(-1) as DockerStage;
      const args = (op: string) => runtime.instructions.filter((i) => i.op === op).map((i) => i.args);
      expect(args('HEALTHCHECK').join(' ')).toMatch(/"node".*\/healthz/);
      expect(args('EXPOSE')).toHaveLength(1);
      expect(args('ENV').join(' ')).toMatch(/NODE_ENV=production/);
      const cmd = JSON.parse(args('CMD').at(-1) ?? '[]') as string[];
      // The entry point, started with the same V8 flags as the dev stack and the benchmarks.
      expect(cmd).toEqual(['node', ...SERVICE_NODE_FLAGS, expect.stringMatching(/^(apps\/[^/]+\/)?dist\/main\.js$/)]);
      expect(fs.existsSync(path.join(INFRA, 'docker', 'Dockerfile.dockerignore'))).toBe(true);
    });
  });

  describe('edge', () => {
    const edge = (composeServices.edge ?? {}) as Obj;
    const confMount = ((edge.volumes ?? []) as string[]).find((v) => /\.conf:/.test(v)) ?? '';
    const confPath = path.resolve(INFRA, confMount.split(':')[0] ?? '');
    const conf = parseNginx(fs.existsSync(confPath) ? fs.readFileSync(confPath, 'utf8') : '');

    it(`mounts an nginx config and publishes port ${EDGE_PORT}`, () => {
      expect(fs.existsSync(confPath)).toBe(true);
      expect(confMount).toMatch(/:\/etc\/nginx\/conf\.d\/[\w.-]+\.conf(:ro)?$/);
      expect(conf.listen).toEqual([EDGE_PORT]);
      expect((edge.ports ?? []).map(String)).toContain(`${EDGE_PORT}:${EDGE_PORT}`);
    });

    it('routes exactly ROUTES with Prefix semantics', () => {
      const { routes, problems } = edgeRoutes(conf);
      expect(problems).toEqual([]);
      expect(routes).toEqual(EXPECTED_ROUTES);
    });

    it('sends each upstream to the compose service on its topology port', () => {
      expect([...conf.upstreams.keys()].sort()).toEqual(SORTED_SERVICES);
      for (const [name, servers] of conf.upstreams) {
        expect(servers).toEqual([`${name}:${DEFAULT_PORTS[name as keyof typeof DEFAULT_PORTS]}`]);
        expect(composeServices[name]).toBeDefined();
        expect(edge.depends_on?.[name]?.condition).toBe('service_healthy');
      }
    });

    it('passes WebSocket upgrades and keeps /v1/ws and /socket.io open', () => {
      expect(conf.text).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
      expect(conf.text).toMatch(/proxy_set_header\s+Connection\s+\$connection_upgrade;/);
      expect(conf.text).toMatch(/proxy_http_version\s+1\.1;/);
      for (const loc of conf.locations.filter((l) => /^\/(v1\/ws|socket\.io)\/?$/.test(l.path))) {
        expect({ path: loc.path, body: loc.body }).toEqual({ path: loc.path, body: expect.stringMatching(/proxy_read_timeout\s+1h;/) });
      }
    });
  });
});
