package io.tether.query.global;

/** A {@code service_name} filter that names no service of the catalog, and so could never match. */
public class UnknownServiceFilterException extends IllegalArgumentException {

    public UnknownServiceFilterException(String serviceName) {
        super("'" + serviceName + "' is not a service of the integration catalog");
    }
}
