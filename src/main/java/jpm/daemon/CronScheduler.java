package jpm.daemon;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import jpm.ecosystem.CronSchedule;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The cron_restart timers: one Quartz scheduler with the in-memory RAMJobStore and one
 * daemon worker thread, created when the first schedule is set. Each key (an app) has at most one
 * schedule. Times follow the daemon's time zone.
 *
 * <p>{@code onFire} runs on Quartz's worker thread: it must only hand the event to the supervisor's
 * loop. A fire that is late by more than Quartz's misfire threshold (a minute: the machine slept,
 * the clock jumped) is dropped; the schedule goes on at its next time, without catching up.
 * Replacing or removing a schedule stops it, except for a fire already running at that moment.
 * Safe to call from any thread.
 */
public final class CronScheduler implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String GROUP = "cron_restart";
    private static final String ACTION = "onFire";

    private final String name = "jpm-cron-" + INSTANCES.incrementAndGet();
    private Scheduler scheduler;
    private boolean closed;

    /**
     * Sets the schedule of a key, replacing the one it had. A disabled schedule, or one whose times
     * are all past (a year field), only removes the old one.
     */
    public synchronized void schedule(String key, CronSchedule schedule, Runnable onFire) {
        if (closed) throw new IllegalStateException("the cron scheduler is closed");
        if (schedule.disabled() || schedule.nextAfter(Instant.now(), ZoneId.systemDefault()).isEmpty()) {
            unschedule(key);
            return;
        }
        JobDetail job = JobBuilder.newJob(Fire.class).withIdentity(key, GROUP).build();
        job.getJobDataMap().put(ACTION, onFire);
        // Quartz's first fire is the first time at or after startAt minus a second: from now, it could be
        // the second that has begun, a fire in the past (twice in one second when a schedule is replaced)
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key, GROUP).forJob(job)
                .startAt(Date.from(Instant.now().plusSeconds(1)))
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.quartz()).withMisfireHandlingInstructionDoNothing())
                .build();
        try {
            started().scheduleJob(job, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + key + " with '" + schedule.expression() + "': " + e.getMessage(), e);
        }
    }

    /** Removes the schedule of a key, if it has one. */
    public synchronized void unschedule(String key) {
        if (scheduler == null || closed) return;
        try {
            scheduler.deleteJob(new JobKey(key, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot unschedule " + key + ": " + e.getMessage(), e);
        }
    }

    /** When the schedule of a key fires next; empty when it has none. */
    public synchronized Optional<Instant> nextFire(String key) {
        if (scheduler == null || closed) return Optional.empty();
        try {
            Trigger t = scheduler.getTrigger(new TriggerKey(key, GROUP));
            return Optional.ofNullable(t == null ? null : t.getNextFireTime()).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the schedule of " + key + ": " + e.getMessage(), e);
        }
    }

    /** Stops Quartz and its threads; waits for a running fire unless called from one. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (scheduler == null) return;
        try {
            scheduler.shutdown(!Thread.currentThread().getName().startsWith(name + "-"));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop the cron scheduler: " + e.getMessage(), e);
        }
    }

    /** The prefix of this scheduler's thread names (unique per instance). */
    String name() {
        return name;
    }

    private Scheduler started() throws SchedulerException {
        if (scheduler != null) return scheduler;
        Properties p = new Properties();
        // a unique name: Quartz keeps schedulers in a JVM-wide registry by name
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
        // Quartz 2.5 no longer phones home; the switch is kept for older Quartz jars on a classpath
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_THREAD_NAME, name + "-scheduler");
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", name + "-worker");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        Scheduler s = new StdSchedulerFactory(p).getScheduler();
        s.setJobFactory((bundle, sched) -> new Fire());
        s.start();
        scheduler = s;
        return s;
    }

    /** Runs the action stored with the job that fired. */
    private static final class Fire implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            ((Runnable) context.getMergedJobDataMap().get(ACTION)).run();
        }
    }
}
