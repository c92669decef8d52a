package jpm.daemon;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.json.Json;

/**
 * What {@code jpm send} may send, and whether every instance it names can take it now: a Node
 * app on its IPC channel ({@code process.on('message')}), any app with {@code stdin: message}
 * as a line of its stdin. Decided before a byte is written, so that every selected instance
 * gets the message or none does. Pure: {@link InstanceRequests} looks at the instances and
 * writes.
 */
final class MessagesToApps {
    private MessagesToApps() {}

    /** The longest message, as its line of JSON: the bound of messages from apps too. */
    static final int MAX_BYTES = AppMessages.MAX_BYTES;

    /** Where an instance would take a message now, or why it cannot. */
    enum Inbox {
        /** A Node app's IPC channel, with room. */
        IPC,
        /** Its stdin pipe ({@code stdin: message}), with room. */
        STDIN,
        /** Neither a Node app nor {@code stdin: message}. */
        NONE,
        /** A Node app without its channel: adopted after a daemon restart (a channel cannot be handed over). */
        IPC_GONE,
        /** A Node app that closed its channel ({@code process.disconnect()}). */
        IPC_CLOSED,
        /** The app has not read what was written to its channel: a busy event loop. */
        IPC_FULL,
        /** {@code stdin: message}, but its stdin is not jpm's pipe any more (adopted, and it could not be reopened). */
        STDIN_GONE,
        /** Nothing reads its stdin any more. */
        STDIN_CLOSED,
        /** The app has not read what was written to its stdin. */
        STDIN_FULL
    }

    /** One selected instance as the check sees it; {@code running}: it has a process, launching or online. */
    record Receiver(String namespace, String app, int index, boolean running, Status status, Inbox inbox) {}

    /** A state of one of an instance's channels, as the daemon finds it. */
    enum Channel { ABSENT, READY, FULL, CLOSED }

    /**
     * Which channel an instance takes messages on: its stdin when the app asked for it (even a
     * Node app: it reads them there), else a Node app's IPC channel, else none.
     */
    static Inbox inbox(boolean stdinMessages, Channel stdin, boolean node, Channel ipc) {
        if (stdinMessages) {
            return switch (stdin) {
                case ABSENT -> Inbox.STDIN_GONE;
                case READY -> Inbox.STDIN;
                case FULL -> Inbox.STDIN_FULL;
                case CLOSED -> Inbox.STDIN_CLOSED;
            };
        }
        if (!node) return Inbox.NONE;
        return switch (ipc) {
            case ABSENT -> Inbox.IPC_GONE;
            case READY -> Inbox.IPC;
            case FULL -> Inbox.IPC_FULL;
            case CLOSED -> Inbox.IPC_CLOSED;
        };
    }

    /** A message jpm refuses to send, to any app: the sentence says why. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * The message as the line written to the app (compact JSON, without its newline), or
     * {@link Refused}: null (Node's {@code process.send} refuses it too); an object with Node's or
     * jpm's own keys (a {@code cmd} that starts with {@code NODE_} is Node's internal traffic and
     * never reaches {@code process.on('message')}; {@code jpm} is the cluster adapter's, which
     * would act on it); longer than {@link #MAX_BYTES}.
     */
    static String line(Object message) throws Refused {
        if (message == null) throw new Refused("a message cannot be null (Node's process.send refuses it too)");
        if (message instanceof Map<?, ?> m) {
            if (m.get("cmd") instanceof String cmd && cmd.startsWith("NODE_")) {
                throw new Refused("a message whose cmd starts with NODE_ is Node's own: Node never passes it to process.on('message')");
            }
            if (m.containsKey("jpm")) throw new Refused("the key \"jpm\" is reserved for jpm's own messages to apps");
        }
        String line = Json.write(message);
        long bytes = utf8Length(line);
        if (bytes > MAX_BYTES) {
            throw new Refused("the message is " + bytes + " bytes of JSON; at most " + MAX_BYTES + " are sent (as from apps)");
        }
        return line;
    }

    /**
     * Why not every receiver can take a message now, naming each instance and what to do (one
     * sentence per reason, the same reason of one app said once); null when all can.
     */
    static String refusal(List<Receiver> receivers) {
        Set<String> reasons = new LinkedHashSet<>();
        for (Receiver r : receivers) {
            String why = why(r);
            if (why != null) reasons.add(why);
        }
        if (reasons.isEmpty()) return null;
        return "nothing was sent: " + String.join("; ", new ArrayList<>(reasons));
    }

    private static String why(Receiver r) {
        String app = appLabel(r.namespace(), r.app());
        String inst = app + "#" + r.index();
        // what the app is comes first: running or not, it would not receive
        if (r.inbox() == Inbox.NONE) {
            return app + " cannot receive messages: it is not a Node app (process.on('message')) and has no"
                    + " stdin: message; add stdin: message to its definition (or start it with --stdin message) to read"
                    + " each message as a line of its stdin";
        }
        if (!r.running()) return inst + " is not running (" + r.status().wire() + ")";
        return switch (r.inbox()) {
            case IPC, STDIN, NONE -> null;
            case IPC_GONE -> inst + " has no IPC channel: it was started by an earlier daemon, and a channel does not"
                    + " survive a daemon restart; `jpm restart " + app + "` gives it one";
            case IPC_CLOSED -> inst + " closed its IPC channel (process.disconnect()); `jpm restart " + app + "` opens a new one";
            case IPC_FULL -> inst + "'s IPC channel is full: the app does not read it (a busy event loop?)";
            case STDIN_GONE -> inst + "'s stdin is no longer jpm's pipe (it was started by an earlier daemon, and its"
                    + " stdin could not be reopened); `jpm restart " + app + "` gives it a new one";
            case STDIN_CLOSED -> inst + " closed its stdin: nothing reads the messages; `jpm restart " + app + "` gives it a new one";
            case STDIN_FULL -> inst + "'s stdin is full: the app does not read it";
        };
    }

    /** The length of a string in UTF-8 (a surrogate pair is one 4-byte character). */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3; // a lone surrogate too, which the encoder writes as one byte: an upper bound
            }
        }
        return n;
    }

    /** An app as messages name it: its name, with its namespace when that is not the default one. */
    static String appLabel(String namespace, String name) {
        return namespace.equals(jpm.ecosystem.AppSpec.DEFAULT_NAMESPACE) ? name : namespace + "/" + name;
    }
}
