/**
 * The layers of src/ (README.md#layers). `npm run lint:deps` checks them; CI runs it.
 * Inner layers (domain, ports, parsing, app, http, adapters) never reach into the runtimes,
 * which compose them; the domain and the ports depend on nothing but each other.
 */
const inner = '^src/(app|adapters|parsing|http|ports|domain)/';

module.exports = {
  forbidden: [
    {
      name: 'inner-layers-not-runtime',
      comment: 'Only the runtimes compose; what they share with the inner layers lives in src/ports or src/domain.',
      severity: 'error',
      // The OpenAPI document is still derived from the manifest's routes.
      from: { path: inner, pathNot: '^src/http/openapi\\.ts$' },
      to: { path: '^src/runtime/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'The domain imports only the domain.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'ports-only-domain',
      comment: 'Ports are interfaces over domain types.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^src/', pathNot: '^src/(ports|domain)/' },
    },
    {
      name: 'parsing-is-a-library',
      comment: 'Document parsing knows no use-case, adapter, runtime or HTTP.',
      severity: 'error',
      from: { path: '^src/parsing/' },
      to: { path: '^src/(app|adapters|runtime|functions|http|cli|eval)/' },
    },
    {
      name: 'app-through-ports',
      comment: 'Use-cases reach the outside only through ports.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(adapters|runtime|functions|http|cli|eval)/' },
    },
    {
      name: 'adapters-not-app',
      comment: 'Adapters implement ports; they do not call use-cases or the HTTP edge.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(app|functions|runtime|http|cli|eval)/' },
    },
    {
      name: 'eval-uses-the-library',
      comment: 'The evaluation measures the parsing library, without adapters or runtimes.',
      severity: 'error',
      from: { path: '^src/eval/' },
      to: { path: '^src/(adapters|runtime|app|functions|http)/' },
    },
    {
      name: 'crypto-libraries-behind-ports',
      comment: 'jose and bcryptjs are used only by their adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/adapters/crypto/' },
      to: { path: 'node_modules/(jose|bcryptjs)/' },
    },
    {
      name: 'src-not-tests',
      comment: 'Shipped code never imports tests, fakes or benchmarks.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
