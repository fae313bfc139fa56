package io.tether.command.credentials;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.vault.client.RestTemplateBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.client.VaultEndpointProvider;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.config.AbstractVaultConfiguration;
import org.springframework.vault.support.ClientOptions;

/**
 * Spring Vault's client, session included: the session manager renews the token (or logs in again
 * with the AppRole) before it expires. With a namespace, every request carries it, the AppRole login
 * and the token's renewal included, since they all go through the one {@link RestTemplateBuilder}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tether.credentials.cipher", havingValue = "vault")
class VaultConfiguration extends AbstractVaultConfiguration {

    private final VaultProperties properties;

    VaultConfiguration(VaultProperties properties) {
        if (properties.uri() == null || properties.uri().toString().isBlank()) {
            throw new IllegalStateException("tether.credentials.cipher=vault needs VAULT_ADDR (tether.vault.uri)");
        }
        if (!StringUtils.hasText(properties.token()) && !properties.usesAppRole()) {
            throw new IllegalStateException("tether.credentials.cipher=vault needs VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID");
        }
        this.properties = properties;
    }

    @Override
    public VaultEndpoint vaultEndpoint() {
        return VaultEndpoint.from(properties.uri());
    }

    @Override
    protected RestTemplateBuilder restTemplateBuilder(VaultEndpointProvider endpointProvider,
            ClientHttpRequestFactory requestFactory) {
        RestTemplateBuilder builder = super.restTemplateBuilder(endpointProvider, requestFactory);
        return properties.usesNamespace() ? builder.defaultHeader(VaultHttpHeaders.VAULT_NAMESPACE, properties.namespace())
                : builder;
    }

    @Override
    public ClientAuthentication clientAuthentication() {
        if (properties.usesAppRole()) {
            return new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
                    .roleId(RoleId.provided(properties.roleId()))
                    .secretId(SecretId.provided(properties.secretId()))
                    .build(), restOperations());
        }
        return new TokenAuthentication(properties.token());
    }

    @Override
    public ClientOptions clientOptions() {
        return new ClientOptions(properties.connectTimeout(), properties.readTimeout());
    }
}
