// Mutugraph's GraphiQL page: renders GraphiQL 3 (UMD, served locally) with the page's
// config (default query, headers), read from a JSON block so that no inline script is
// needed (the page's CSP allows scripts from 'self' only).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("graphiql-config").textContent);

  // In-memory storage: every visit starts from the page's query and its fresh demo token,
  // instead of a tab (and an expired token) restored from localStorage.
  var memory = new Map();
  var storage = {
    getItem: function (key) { return memory.has(key) ? memory.get(key) : null; },
    setItem: function (key, value) { memory.set(key, String(value)); },
    removeItem: function (key) { memory.delete(key); },
    clear: function () { memory.clear(); },
    get length() { return memory.size; },
  };

  var fetcher = GraphiQL.createFetcher({ url: config.endpoint });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.query,
      defaultHeaders: config.headers,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: "headers",
      storage: storage,
    })
  );
})();
