"""`planner serve`: the app in a browser, one planner process per tab, through textual-serve.

textual-serve has no authentication, no hooks and no process clean-up of its own, so this
package subclasses its `Server`:

- options: what the user chose (address, port, token, public URL) and the URLs to print;
- guard: which requests are let through (Host, Origin, the token and its cookie);
- processes: the app processes (exec, own process group, killed after a short grace);
- logs: the access log and the log lines, never holding the token;
- server: the `Server` subclass that puts these together, with planner's own page;
- running: binding the port, serving until ctrl+c, or in a thread (for tests).
"""
