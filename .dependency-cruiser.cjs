/**
 * The layers of src/ (README.md#layers). `npm run lint:deps` checks them; CI runs it.
 * Inner layers (domain, ports, parsing, app, http, adapters) never reach into the runtimes,
 * which compose them; the domain and the ports depend on nothing but each other.
 */
const inner = '^src/(app|adapters|parsing|http|ports|domain)/';
const rule = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

module.exports = {
  forbidden: [
    rule(
      'inner-layers-not-runtime',
      'Only the runtimes compose; what they share with the inner layers lives in src/ports or src/domain.',
      // The OpenAPI document is still derived from the manifest's routes.
      { path: inner, pathNot: '^src/http/openapi\\.ts$' },
      { path: '^src/runtime/' },
    ),
    rule('domain-is-pure', 'The domain imports only the domain.', { path: '^src/domain/' }, { path: '^src/', pathNot: '^src/domain/' }),
    rule('ports-only-domain', 'Ports are interfaces over domain types.', { path: '^src/ports/' }, { path: '^src/', pathNot: '^src/(ports|domain)/' }),
    rule('parsing-is-a-library', 'Document parsing knows no use-case, adapter, runtime or HTTP.', { path: '^src/parsing/' }, { path: '^src/(app|adapters|runtime|functions|http|cli|eval)/' }),
    rule('app-through-ports', 'Use-cases reach the outside only through ports.', { path: '^src/app/' }, { path: '^src/(adapters|runtime|functions|http|cli|eval)/' }),
    rule('adapters-not-app', 'Adapters implement ports; they call no use-case and no HTTP edge.', { path: '^src/adapters/' }, { path: '^src/(app|functions|runtime|http|cli|eval)/' }),
    rule('eval-uses-the-library', 'The evaluation measures the parsing library, without adapters or runtimes.', { path: '^src/eval/' }, { path: '^src/(adapters|runtime|app|functions|http)/' }),
    rule('crypto-libraries-behind-ports', 'jose and bcryptjs are used only by their adapters.', { path: '^src/', pathNot: '^src/adapters/crypto/' }, { path: 'node_modules/(jose|bcryptjs)/' }),
    rule('src-not-tests', 'Shipped code never imports tests, fakes or benchmarks.', { path: '^src/' }, { path: '^(test|bench)/' }),
    // A cycle through a type-only import loads nothing at run time; only those are allowed.
    rule('no-circular', 'Modules of src/ form no import cycle at run time.', { path: '^src/' }, { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
