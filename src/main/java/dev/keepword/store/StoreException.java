package dev.keepword.store;

/** A database failure, wrapped once at the store so the layers above see one unchecked type. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
