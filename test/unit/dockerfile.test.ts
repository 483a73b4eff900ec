import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * No Docker engine runs the build in CI: what the image must be is read from the Dockerfile,
 * and test/integration/compiled-build.test.ts runs its build command and starts its output.
 */
describe('Dockerfile', () => {
  const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const stages = text.split(/^FROM /m).slice(1);
  const final = stages[stages.length - 1]!;

  test('a pinned Node LTS base image (22 or 24, full version) for both stages', () => {
    expect(text).toMatch(/^ARG NODE_IMAGE=node:(22|24)\.\d+\.\d+-[a-z]+(-slim)?$/m);
    expect(stages.map((s) => s.split(/\s/)[0])).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
  });

  test('the build stage compiles with npm run build, the command the compiled-build test runs', () => {
    expect(stages[0]).toMatch(/^RUN npm run build$/m);
  });

  test('the final stage: production dependencies only, the compiled files, a non-root user, tini as PID 1, plain node', () => {
    expect(final).toMatch(/^RUN npm ci --omit=dev/m);
    expect(final).toContain('COPY --from=build /app/dist dist');
    expect(final).not.toMatch(/^COPY (shared|services|workers|tools) /m);
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(final).toMatch(/^CMD \["node", "dist\/api\.js"\]$/m);
    expect(final).not.toContain('tsx');
  });
});
