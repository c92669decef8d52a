"use strict";
// jpm cluster-mode adapter for unmodified Node apps, loaded with `node --require`.
//
// In PM2's cluster mode every port a Node instance listens on is shared by all instances. jpm's
// daemon holds those sockets itself (one SO_REUSEPORT socket per instance slot and port, kept
// open for the app's whole life), and this file makes the app's `server.listen(...)` use them:
//  1. a listen on JPM_CLUSTER_PORT (the port the file names) listens on fd 3, the slot socket
//     the daemon handed over with the systemd socket-activation variables;
//  2. with JPM_CLUSTER=1, a listen on any other TCP port asks the daemon over Node's IPC channel
//     for that port's slot socket ({"jpm":"listen","id","address","port"}), which comes back as
//     a Node handle, and listens on it (port 0, pipes and handles the app brings are untouched);
//  3. tells the daemon {"jpm":"listening"} when such a server listens
//     (the app's own process.send('ready') is not touched: PM2's wait_ready still works);
//  4. on {"jpm":"drain"} stops accepting on this process only, lets every connection finish with
//     `Connection: close`, and exits 0 when they are all gone (the daemon SIGKILLs at kill_timeout);
//     a process that serves no shared port gets the stop signal the message names instead.
// Plain CommonJS, no dependencies: it runs before the app and must not change anything else.

const env = process.env;
const clusterPort = Number(env.JPM_CLUSTER_PORT);

// Not started by jpm in cluster mode (or a child process the app forked: `fork()` passes
// --require on, and in a forked child fd 3 is something else, often the child's own IPC pipe):
// do nothing at all. LISTEN_PID is the socket-activation guard for exactly that case; the
// variables are deleted below before the app runs, so its children never see them.
const fd3 = Number(env.LISTEN_FDS) >= 1 &&
  Number.isInteger(clusterPort) && clusterPort > 0 && clusterPort < 65536 &&
  (env.LISTEN_PID === undefined || Number(env.LISTEN_PID) === process.pid);
const shareAll = env.JPM_CLUSTER === '1' && typeof process.send === 'function';
delete env.JPM_CLUSTER;

if (fd3 || shareAll) install();

function install() {
  // As sd_listen_fds(unset_environment=1) does: processes the app starts must not believe
  // the socket is theirs. They do not get it (libuv makes fd 3 close-on-exec once it owns it),
  // and their fd 3 is something else: a forked Node child's own IPC pipe, for one.
  delete env.LISTEN_FDS;
  delete env.LISTEN_PID;
  delete env.LISTEN_FDNAMES;

  const net = require('net');
  const LISTEN_FD = 3;
  // After the drain, connections that have not sent a request for this long are closed. A
  // client that keeps using its connection gets `Connection: close` on its next response
  // instead, which is race-free; closing a connection the client is about to reuse is not
  // (its request may already be on the wire), so only connections idle this long are closed.
  const IDLE_GRACE_MS = 250;

  let fdInUse = false;      // fd 3 can back only one server; after it closes the number may be reused
  let fdConsumed = false;
  let draining = false;
  const servers = new Set(); // servers listening on fd 3 (one at most, but cheap to be general)
  const INFLIGHT = Symbol('jpm.inflight'); // responses not finished, per server

  const origListen = net.Server.prototype.listen;
  net.Server.prototype.listen = function listen(...args) {
    if (!fd3 || fdInUse || fdConsumed || !isClusterListen(args)) {
      const wanted = shareAll ? sharedListen(args) : null;
      if (wanted === null) return origListen.apply(this, args);
      return listenShared(this, wanted);
    }
    const server = this;
    const cb = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    const opts = { fd: LISTEN_FD };
    const given = args[0] !== null && typeof args[0] === 'object' ? args[0] : null;
    const backlog = given ? given.backlog : args.find((a, i) => i > 0 && typeof a === 'number');
    if (backlog !== undefined) opts.backlog = backlog;
    if (given && given.signal) opts.signal = given.signal; // AbortSignal: close on abort, as asked
    // The host given by the app is ignored on purpose: jpm bound the socket to listen_address.
    const ret = cb ? origListen.call(server, opts, cb) : origListen.call(server, opts);
    fdInUse = true;
    track(server, true);
    return ret;
  };

  // Node's own normalisation (lib/net.js normalizeArgs): an object is the options, a string
  // that is not a number is a pipe path, otherwise the first argument is the port.
  function isClusterListen(args) {
    const a = args[0];
    let port;
    if (a !== null && typeof a === 'object') {
      if (a.fd === LISTEN_FD && a.port === undefined) return true; // an app that takes fd 3 itself
      if (a.path !== undefined || a.fd !== undefined || a.handle !== undefined || a._handle !== undefined) return false;
      port = a.port;
    } else {
      port = a;
    }
    if (typeof port === 'string' && port.trim() !== '') port = Number(port);
    return typeof port === 'number' && port === clusterPort;
  }

  // A listen to share: a TCP port other than 0 (Node's "any free port", which each process
  // keeps for itself), with the host, backlog, callback and AbortSignal the app gave; null for
  // anything else (a pipe path, an fd or handle of the app's own).
  function sharedListen(args) {
    const a = args[0];
    const cb = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    let port, host, backlog, signal;
    if (a !== null && typeof a === 'object') {
      if (a.path !== undefined || a.fd !== undefined || a.handle !== undefined || a._handle !== undefined) return null;
      // exclusive: not shared even in Node's cluster; the others are options the daemon's socket lacks
      if (a.exclusive || a.ipv6Only || a.reusePort) return null;
      ({ port, host, backlog, signal } = a);
    } else {
      port = a;
      if (typeof args[1] === 'string') host = args[1];
      backlog = args.find((x, i) => i > 0 && typeof x === 'number');
    }
    if (typeof port === 'string' && port.trim() !== '') port = Number(port);
    if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) return null;
    return { port, host, backlog, signal, cb };
  }

  let nextId = 1;
  const waiting = new Map(); // request id -> { server, wanted, address }
  let appUsesChannel = false; // the app listens to 'message' or 'disconnect' itself (see below)

  function listenShared(server, wanted) {
    if (wanted.cb) server.once('listening', wanted.cb);
    const ask = (address) => {
      if (wanted.signal && wanted.signal.aborted) return;
      const id = nextId++;
      waiting.set(id, { server, wanted, address });
      process.channel.ref(); // the answer must keep the app alive, as a pending listen does
      if (!send({ jpm: 'listen', id, address, port: wanted.port })) {
        waiting.delete(id);
        settled();
        origListen.call(server, { port: wanted.port, host: wanted.host, backlog: wanted.backlog, signal: wanted.signal });
      }
    };
    // Node's own order: a host name is looked up first, and its first address listened on
    if (wanted.host === undefined || wanted.host === null || net.isIP(wanted.host)) ask(wanted.host || null);
    else {
      require('dns').lookup(wanted.host, (err, address) => {
        if (err) server.emit('error', err);
        else ask(address);
      });
    }
    return server;
  }

  function answered(msg, handle) {
    const w = waiting.get(msg.id);
    if (w === undefined) {
      if (handle && typeof handle.close === 'function') handle.close();
      return;
    }
    waiting.delete(msg.id);
    settled();
    const { server, wanted } = w;
    if (msg.error !== undefined || !handle) {
      const code = msg.code || 'EINVAL';
      const err = new Error(`listen ${code}: ${msg.error || 'no socket from jpm'}`);
      err.code = code;
      err.syscall = 'listen';
      err.address = w.address || '::';
      err.port = wanted.port;
      server.emit('error', err);
      return;
    }
    const opts = { handle };
    if (wanted.backlog !== undefined) opts.backlog = wanted.backlog;
    if (wanted.signal) opts.signal = wanted.signal;
    origListen.call(server, opts);
    track(server, false);
  }

  function settled() {
    if (waiting.size === 0 && !appUsesChannel && process.channel) process.channel.unref();
  }

  function track(server, onFd3) {
    servers.add(server);
    server.once('listening', () => send({ jpm: 'listening' }));
    server.once('close', () => {
      servers.delete(server);
      if (!onFd3) return;
      fdInUse = false;
      fdConsumed = true; // libuv closed fd 3: the number may now be another file
    });
    // One cheap listener per request: after the drain every response says `Connection: close`
    // (Node then ends the socket after it), and we know the responses still in flight at the
    // moment of the drain, whose headers may not be written yet.
    if (typeof server.closeIdleConnections === 'function') { // an http(s) server
      server[INFLIGHT] = new Set();
      server.prependListener('request', (req, res) => {
        if (draining) res.shouldKeepAlive = false;
        else {
          server[INFLIGHT].add(res);
          res.once('close', () => server[INFLIGHT].delete(res));
        }
      });
    }
  }

  function send(msg) {
    // The callback swallows ERR_IPC_CHANNEL_CLOSED, which would otherwise be an 'error' event
    // on process and crash an app whose daemon went away.
    if (typeof process.send !== 'function' || !process.connected) return false;
    process.send(msg, undefined, undefined, () => {});
    return true;
  }

  function drain(signal) {
    if (draining) return;
    draining = true;
    const pending = [...servers].filter((s) => s.listening);
    if (pending.length === 0) {
      // nothing shared to hand over (a worker): stop as a signal asks, so the app's own handler runs
      if (typeof signal === 'string' && /^SIG[A-Z0-9]+$/.test(signal)) {
        try {
          process.kill(process.pid, signal);
          return;
        } catch (e) {
          // an unknown name: exit as before
        }
      }
      process.exit(0);
    }
    let open = pending.length;
    for (const server of pending) {
      // net.Server's close, not http.Server's: since Node 19 the latter also closes idle
      // keep-alive connections at once, which races with clients reusing them (see IDLE_GRACE_MS).
      // Closing our copy of fd 3 stops accepting here only: the daemon and the replacement
      // hold the same socket, so its accept queue lives on and they take what is queued.
      net.Server.prototype.close.call(server, () => { if (--open === 0) process.exit(0); });
      if (server[INFLIGHT]) {
        for (const res of server[INFLIGHT]) if (!res.headersSent) res.shouldKeepAlive = false;
        server[INFLIGHT].clear();
        // Connections idle at the drain never get another response to carry `Connection: close`;
        // close those that stay idle, again later for responses that were already being sent.
        const timer = setInterval(() => server.closeIdleConnections(), IDLE_GRACE_MS);
        timer.unref();
        server.once('close', () => clearInterval(timer));
      }
    }
  }

  if (typeof process.send === 'function' && process.channel) {
    process.on('message', (msg, handle) => {
      if (msg === null || typeof msg !== 'object') return;
      if (msg.jpm === 'drain') drain(msg.signal);
      else if (msg.jpm === 'listen' && typeof msg.id === 'number') answered(msg, handle);
    });
    // Our listener must not keep the app alive (Node refs the channel for 'message' listeners).
    // Once unref() is called explicitly Node stops counting listeners, so an app that adds its
    // own 'message'/'disconnect' listener later gets the channel ref'd again, as it would without us.
    process.channel.unref();
    process.on('newListener', (name) => {
      if ((name === 'message' || name === 'disconnect') && process.channel) {
        appUsesChannel = true;
        process.channel.ref();
      }
    });
  }
}
