// A classic script the strict-CSP page runs before its module: it keeps every Content-Security-Policy
// violation the page reports, for the test to read.
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sourceFile: e.sourceFile });
});
