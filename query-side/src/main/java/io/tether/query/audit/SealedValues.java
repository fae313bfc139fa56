package io.tether.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.api.credentials.EncryptedCredentials;
import java.util.Iterator;
import java.util.Map;

/** Shows an auditor that a value was sealed, and by which key version, never the ciphertext itself. */
final class SealedValues {

    private SealedValues() {
    }

    static JsonNode masked(JsonNode payload, boolean keyShredded) {
        if (payload instanceof ObjectNode object) {
            JsonNode ciphertext = object.get("ciphertext");
            if (object.size() == 1 && ciphertext != null && ciphertext.isTextual()) {
                return sealed(object, ciphertext.asText(), keyShredded);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(masked(field.getValue(), keyShredded));
            }
        }
        return payload;
    }

    private static ObjectNode sealed(ObjectNode node, String ciphertext, boolean keyShredded) {
        ObjectNode shown = node.objectNode();
        shown.put("encrypted", true);
        try {
            EncryptedCredentials sealed = new EncryptedCredentials(ciphertext);
            shown.put("scheme", sealed.scheme());
            shown.put("key_version", sealed.keyVersion());
        } catch (IllegalArgumentException notVersioned) {
            shown.putNull("key_version");
        }
        shown.put("key_shredded", keyShredded);
        return shown;
    }
}
