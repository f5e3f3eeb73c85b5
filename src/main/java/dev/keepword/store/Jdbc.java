package dev.keepword.store;

import dev.keepword.app.Transactions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A tiny JDBC helper. A transaction binds its connection to the calling thread, so store calls made inside
 * {@link #inTransaction} share it and commit together; calls outside one run on their own auto-commit connection.
 */
public final class Jdbc implements Transactions {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    /** Where {@link #inTransactionOfItsOwn} takes its connection. */
    private final java.util.function.Supplier<DataSource> own;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> afterCommit = ThreadLocal.withInitial(ArrayList::new);

    /**
     * {@code own}: the connections for {@link #inTransactionOfItsOwn}, apart from {@code dataSource}'s, so a caller
     * that holds one of those and asks for another can never find them all held by callers doing the same.
     */
    public Jdbc(DataSource dataSource, java.util.function.Supplier<DataSource> own) {
        this.dataSource = dataSource;
        this.own = own;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private volatile Boolean postgres;

    /** Whether the database is PostgreSQL (else H2), read once from the driver. */
    boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = with(c -> c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres"));
            postgres = known;
        }
        return known;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get(); // joins the transaction already under way
        }
        return newTransaction(dataSource, work);
    }

    private <T> T newTransaction(DataSource from, Supplier<T> work) {
        T result;
        try (Connection c = from.getConnection()) {
            c.setAutoCommit(false);
            current.set(c);
            try {
                result = work.get();
                c.commit();
            } catch (RuntimeException | Error e) {
                afterCommit.remove();
                rollbackQuietly(c, e);
                throw e;
            } finally {
                current.remove();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            afterCommit.remove();
            throw new StoreException("transaction failed", e);
        }
        // Only once the connection is back in the pool: an action may need one of its own (Quartz's wake-up does),
        // and holding ours while waiting for another deadlocks a busy pool.
        List<Runnable> actions = List.copyOf(afterCommit.get());
        afterCommit.remove();
        actions.forEach(Runnable::run);
        return result;
    }

    /**
     * Runs {@code work} in a transaction of its own on another connection (from the connections kept for this), committed
     * when it returns, even inside a transaction under way (which waits meanwhile and goes on after): for a short write
     * whose locks must not be held until the caller's commit. If the caller's transaction then rolls back, this one's
     * write stands.
     */
    public <T> T inTransactionOfItsOwn(Supplier<T> work) {
        Connection outer = current.get();
        List<Runnable> outerActions = afterCommit.get();
        current.remove();
        afterCommit.remove();
        try {
            return newTransaction(own.get(), work);
        } finally {
            if (outer != null) {
                current.set(outer);
                afterCommit.set(outerActions);
            }
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        if (current.get() == null) {
            action.run();
        } else {
            afterCommit.get().add(action);
        }
    }

    public int update(String sql, Object... args) {
        return with(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    /** Runs one statement for many argument rows in a single JDBC batch. */
    public void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] args : rows) {
                    bind(ps, args);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public <T> List<T> query(String sql, Row<T> row, Object... args) {
        return with(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, Row<T> row, Object... args) {
        List<T> all = query(sql, row, args);
        return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.get(0));
    }

    <T> T with(Work<T> work) {
        Connection bound = current.get();
        try {
            if (bound != null) {
                return work.run(bound);
            }
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /** A FROM clause (and its arguments) that ends inside a WHERE clause, so callers go on with {@code and …}. */
    public record Among(String from, List<Object> args) {
    }

    /**
     * The rows of {@code table} (as {@code alias}) in one workspace whose {@code column} is one of {@code values}
     * ({@code type}: {@code bigint} or {@code varchar}), read by the index on {@code (workspace_id, column)}.
     * H2 uses an index for a plain {@code IN (…)} list only on an index's first column, so it would read every row of
     * the workspace: joined with a one-column {@code table(…)} of the values it is one index lookup per value.
     * PostgreSQL gets the values as one array ({@code = any(?)}): one statement text whatever their number, and an index
     * condition on {@code (workspace_id, column)} with no join for the planner to get the wrong way round.
     */
    Among among(String table, String alias, String column, String type, String workspaceId, java.util.Collection<?> values) {
        Object[] distinct = values.stream().distinct().toArray(n -> type.equals("bigint") ? new Long[n] : new String[n]);
        if (postgres()) {
            return new Among(table + " " + alias + " where " + alias + ".workspace_id = ? and " + alias + "." + column
                    + " = any(?)", List.of(workspaceId, distinct));
        }
        return new Among("table(v " + type + " = ?) t join " + table + " " + alias + " on " + alias + ".workspace_id = ? and "
                + alias + "." + column + " = t.v where true", List.of(distinct, workspaceId));
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        bind(ps, args);
        return ps;
    }

    /**
     * An instant as a {@code timestamp with time zone} parameter, cut to the microsecond the columns keep. Left to the
     * database, a stored instant was rounded (a row planned for .0000006 s stored as .000001 s, after the instant it was
     * planned for) while a parameter kept its nanoseconds, so a claim at the planned instant did not find the row due.
     * Cut here, stored and compared values are the same and never later than the clock said.
     */
    static OffsetDateTime timestamp(Instant at) {
        // Built from its fields: Instant.atOffset asks the offset for its rules, and ZoneOffset makes new ones each time.
        Instant micros = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return OffsetDateTime.of(java.time.LocalDateTime.ofEpochSecond(micros.getEpochSecond(), micros.getNano(),
                ZoneOffset.UTC), ZoneOffset.UTC);
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof Instant at) {
                ps.setObject(i + 1, timestamp(at));
            } else if (arg instanceof Enum<?> e) {
                ps.setString(i + 1, e.name());
            } else {
                ps.setObject(i + 1, arg);
            }
        }
    }

    /** Reads a {@code timestamp with time zone} column as an instant (null stays null). */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
