package dev.reprise.http;

import jakarta.ws.rs.core.MediaType;

/** The texts the OpenAPI contract of the management API shares between routes. */
final class ApiDocs {

    static final String TAG_START = "Start";
    static final String TAG_INSTANCES = "Instances";
    static final String TAG_COMMANDS = "Commands";
    static final String TAG_PURGE = "Purge";
    static final String TAG_ENTITIES = "Entities";
    static final String ENTITY_NAME = "The entity's name, as registered with @Entity (matched ignoring case): 1 to 256 "
            + "characters, none of @ / \\ # ? or control characters";
    static final String ENTITY_KEY = "The entity's key: 1 to 256 characters, none of / \\ # ? or control characters; "
            + "percent-encode it in the path";
    static final String BAD_ENTITY = "The entity name or key breaks the rules (error InvalidRequest)";
    static final String KEY_IN_HEADER = "functionsKey";
    static final String KEY_IN_QUERY = "functionsKeyCode";
    static final String JSON = MediaType.APPLICATION_JSON;
    static final String UNAUTHORIZED = "reprise.http.api-key is set and the request does not carry it, "
            + "in the x-functions-key header or the code query parameter (error Unauthorized)";
    static final String TOO_LARGE = "The body is over quarkus.http.limits.max-body-size (error PayloadTooLarge)";
    static final String NOT_JSON = "The body is declared as something other than JSON, e.g. the form "
            + "type curl -d sends (error UnsupportedMediaType)";
    static final String NO_INSTANCE = "No instance has this ID (error InstanceNotFound)";
    static final String FINISHED = "The instance already finished: Completed, Failed or Terminated "
            + "(error InstanceFinished)";
    static final String BAD_ID = "The instance ID is not one a start could have used (error InvalidRequest)";
    static final String QUEUED = "The command is queued for the instance";
    static final String STARTED = "Started: the body holds the instance ID and its management URLs; poll "
            + "statusQueryGetUri until the instance finishes";
    static final String STATUS_URL = "The instance's status URL (statusQueryGetUri)";
    static final String RETRY_AFTER = "Seconds to wait before polling the status URL";
    static final String INSTANCE_ID = "The instance ID: 1 to 256 characters, none of / \\ # ? or control "
            + "characters; percent-encode it in the path";
    static final String NO_ORCHESTRATOR = "No orchestrator of that name is registered (error OrchestratorNotFound)";
    static final String NO_TASK_HUB = "The request names another task hub (taskHub=) or storage connection "
            + "(connection=) than this service's; nothing was read or changed (error TaskHubNotFound)";
    static final String WAIT_TIMEOUT = "Seconds (fractions allowed, 0 to 3600) to wait for the instance to finish "
            + "before answering, as Durable Functions' createAndWaitOnNewInstancePostUri; absent: answer at once";
    static final String WAIT_POLLING = "With timeout: seconds between reads of the instance's state, at most "
            + "timeout (default reprise.polling-interval; at least 0.1). A finish in this process answers at once";
    static final String WAITED = "With timeout, and the instance finished in time: its output once Completed; its "
            + "status, as GET /instances/{instanceId} answers it, once Failed or Terminated";
    static final String REASON = "Why, recorded in the history";
    static final String INPUT = "The orchestration's input: any JSON value";
    static final String CONTINUATION_HEADER = "x-ms-continuation-token";
    static final String CONTENT_TYPE = "Content-Type";

    private ApiDocs() {
    }
}
