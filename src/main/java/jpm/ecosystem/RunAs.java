package jpm.ecosystem;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Who an app runs as: PM2's {@code uid} (alias {@code user}) and {@code gid}, names or numbers,
 * resolved against the system's users and groups. A pure decision over an {@link Accounts}
 * lookup, so the loader (at file:line:col) and the daemon (at apply and at each spawn) decide
 * alike, and a table test covers it.
 *
 * <p>Digits are ids, anything else a name. A uid with a passwd entry runs with that user's
 * primary group (unless gid says otherwise), its supplementary groups (initgroups) and its HOME,
 * USER and LOGNAME. A uid without an entry has no primary group to fall back on, so it needs a
 * gid; it runs with no supplementary groups, HOME=/ and no USER or LOGNAME (jpm does not invent
 * a name).
 *
 * @param uid the numeric user id
 * @param gid the numeric group id
 * @param account uid's passwd entry, or null when it has none
 * @param userGiven whether uid was asked for (a gid alone keeps the daemon's user and its environment)
 */
public record RunAs(long uid, long gid, Account account, boolean userGiven) {
    /** A passwd entry. */
    public record Account(String name, long uid, long gid, String home) {}

    /** The system's users and groups (NSS in the real one). */
    public interface Accounts {
        Optional<Account> user(String name);

        Optional<Account> user(long uid);

        /** The gid of a group name. */
        OptionalLong group(String name);
    }

    /** A uid or gid jpm cannot run as; {@link #key} says which attribute is at fault. */
    public static final class Refused extends SpecException {
        private final String key;

        Refused(String key, String message) {
            super(message);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** 2^32 - 1 is "no id" to the kernel (chown's -1). */
    static final long MAX_ID = 0xFFFF_FFFEL;
    /** POSIX portable names plus what NSS sources add: '@' (sssd's user@domain) and a trailing '$' (Samba). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.@-]{0,255}\\$?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

    /**
     * The form of a uid or gid value, checked wherever a spec is made (file, CLI, wire): a name
     * or a number; null when absent.
     */
    static String checkForm(String key, String value) {
        if (value == null) return null;
        String v = value.strip();
        if (DIGITS.matcher(v).matches()) {
            if (Long.parseLong(v) > MAX_ID) throw new Refused(key, key + " must be at most " + MAX_ID + ", got " + v);
            return Long.toString(Long.parseLong(v)); // "007" and "7" are one id
        }
        if (!NAME.matcher(v).matches()) {
            throw new Refused(key, key + " must be a " + (key.equals("uid") ? "user" : "group") + " name or a number, got '" + value + "'");
        }
        return v;
    }

    /**
     * Resolves {@code uid} and {@code gid} (either may be null; both null = null, the daemon's
     * own user). {@code selfUid} is the daemon's uid: the user of a gid given alone.
     *
     * @throws Refused naming the attribute at fault: an unknown user or group, or a uid without
     *     a passwd entry and no gid
     */
    public static RunAs resolve(String uid, String gid, Accounts accounts, long selfUid) {
        if (uid == null && gid == null) return null;
        Account account;
        long u;
        if (uid == null) {
            u = selfUid;
            account = accounts.user(selfUid).orElse(null);
        } else if (DIGITS.matcher(uid).matches()) {
            u = Long.parseLong(uid);
            account = accounts.user(u).orElse(null);
        } else {
            account = accounts.user(uid).orElseThrow(() -> new Refused("uid", "no such user '" + uid + "'"));
            u = account.uid();
        }
        long g;
        if (gid == null) {
            if (account == null) {
                throw new Refused("uid", "uid " + u + " has no passwd entry, so no primary group: give gid as well");
            }
            g = account.gid();
        } else if (DIGITS.matcher(gid).matches()) {
            g = Long.parseLong(gid);
        } else {
            OptionalLong found = accounts.group(gid);
            if (found.isEmpty()) throw new Refused("gid", "no such group '" + gid + "'");
            g = found.getAsLong();
        }
        return new RunAs(u, g, account, uid != null);
    }

    /** Sets the user's HOME, USER and LOGNAME in a child's environment (when a uid was asked for). */
    public void applyTo(Map<String, String> env) {
        if (!userGiven) return;
        if (account == null) {
            env.put("HOME", "/");
            env.remove("USER");
            env.remove("LOGNAME");
            return;
        }
        env.put("HOME", account.home().isEmpty() ? "/" : account.home());
        env.put("USER", account.name());
        env.put("LOGNAME", account.name());
    }

    /** "nobody (uid 65534, gid 65534)": for describe and messages. */
    public String describe() {
        String who = account != null ? account.name() + " (uid " + uid + ", gid " + gid + ")" : "uid " + uid + ", gid " + gid;
        return who;
    }
}
