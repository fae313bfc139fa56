package io.tether.command.credentials;

/**
 * The key store answered, and refused for a reason that waiting will not cure: an operator has to act
 * (fix the policy, the mount, the namespace or the AppRole's secret id). It is a
 * {@link CipherUnavailableException}, so that whatever treats the key store as out of service does so,
 * but it is answered as its own problem, which names the refusal, and never as "try again later".
 */
public class CipherRefusedException extends CipherUnavailableException {

    /** Why the key store refused; each has the problem code the REST layer answers. */
    public enum Refusal {
        /** A 403: the token's policies do not grant the path and capability Tether used. */
        PERMISSION_DENIED("credential_store_permission_denied"),
        /** A 404 "no handler for route": no secrets engine is mounted at the path (in the namespace). */
        MOUNT_NOT_FOUND("credential_store_mount_not_found"),
        /** The AppRole login was refused: an expired, used up or wrong secret id, or a wrong role id. */
        LOGIN_REFUSED("credential_store_login_refused"),
        /** Vault keeps the key: deletion is not allowed for it, and Tether could not allow it. */
        KEY_NOT_DELETABLE("credential_store_key_not_deletable");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Refusal refusal;

    public CipherRefusedException(Refusal refusal, String message, Throwable cause) {
        super(message, cause);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    @Override
    public String problemCode() {
        return refusal.code();
    }
}
