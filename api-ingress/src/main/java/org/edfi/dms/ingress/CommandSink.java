package org.edfi.dms.ingress;

import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.TraceParent;

/** Where the write pipeline hands its commands: {@link CommandDispatcher} over Kafka. */
public interface CommandSink {

    /**
     * Sends a command keyed by {@code key} to an instance, with the {@code traceparent} of the
     * request it serves, and returns its result (or a 503/504 problem).
     */
    CommandResult dispatch(InstanceId instance, String key, Command command, TraceParent trace);

    /** The topic the results of this sink's commands come back on. */
    String replyTopic();
}
