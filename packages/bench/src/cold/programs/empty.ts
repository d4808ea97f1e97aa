/** An empty ES module: Node's start-up plus its ES module loader, the floor of every program here. */
export {};
