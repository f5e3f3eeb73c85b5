package dev.keepword.store;

import java.sql.SQLException;

/** A database failure, wrapped once at the store so the layers above see one unchecked type. */
public final class StoreException extends RuntimeException {
    /** SQLSTATE for a unique-key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when a unique key refused a row: another writer stored it first. */
    public boolean duplicateKey() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isDuplicateKey(sql)) {
                return true;
            }
        }
        return false;
    }

    /** True when this exception, or one chained to it (a batch's), is a unique-key violation. */
    public static boolean isDuplicateKey(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
