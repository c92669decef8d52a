package jpm.cli;

import java.util.Optional;
import java.util.OptionalLong;
import jpm.os.Passwd;
import jpm.ecosystem.RunAs;

/** The system's users and groups through libc (NSS), for the loader's check of uid and gid. */
final class SystemAccounts implements RunAs.Accounts {
    static final SystemAccounts INSTANCE = new SystemAccounts();

    private SystemAccounts() {}

    @Override
    public Optional<RunAs.Account> user(String name) {
        return Passwd.user(name).map(SystemAccounts::account);
    }

    @Override
    public Optional<RunAs.Account> user(long uid) {
        return Passwd.user(uid).map(SystemAccounts::account);
    }

    @Override
    public OptionalLong group(String name) {
        return Passwd.group(name).map(g -> OptionalLong.of(g.gid())).orElse(OptionalLong.empty());
    }

    private static RunAs.Account account(Passwd.User u) {
        return new RunAs.Account(u.name(), u.uid(), u.gid(), u.home());
    }
}
