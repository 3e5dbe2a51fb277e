package org.edfi.dms.ingress;

import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.TraceParent;

/**
 * A write as the HTTP layer hands it over: the URL's parts, the body, and the headers that matter.
 *
 * @param instance the datastore instance the route named
 * @param basePath the URL up to the resource, e.g. {@code /data/ed-fi/schools} or
 *     {@code /district-a/255901/2024/data/ed-fi/schools}, for the Location of a created document
 * @param id the document id segment of a PUT or DELETE URL, as written; null for a POST
 * @param ifMatch the If-Match header's ETag without quotes, or {@code *}; null when absent
 * @param ifNoneMatch the If-None-Match header without quotes ({@code *}: a POST may only create); null when absent
 * @param caller the API client as its token says (the access guard puts it in the request's
 *     context); null when nothing authenticated the request (the pipeline's own tests): no
 *     namespace limit then, as for a Kafka-native loader
 * @param trace the request's span, which its command carries on
 */
public record WriteRequest(
        InstanceId instance,
        String basePath,
        String project,
        String resource,
        String id,
        byte[] body,
        String ifMatch,
        String ifNoneMatch,
        Caller caller,
        TraceParent trace) {}
