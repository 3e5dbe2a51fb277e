package org.edfi.dms.benchmarks;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.MalformedMessageException;
import org.edfi.dms.contracts.MessageCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The cost of the topic messages' JSON form, per message, for a student-sized document. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
public class MessageCodecBenchmark {

    private final Command command = Command.upsert(UUID.randomUUID().toString(), "ed-fi", "students", MessageCodec.MAPPER.createObjectNode()
            .put("studentUniqueId", "S1").put("firstName", "Lisa").put("lastSurname", "Woods").put("birthDate", "2010-01-13")
            .put("birthSexDescriptor", "uri://ed-fi.org/SexDescriptor#Female"), null, null);
    private final byte[] commandBytes = MessageCodec.encode(command);
    private final CommandResult result = CommandResult.success("c1", 201, UUID.randomUUID(), "123456789", Instant.now(), 42L);
    private final DocumentEnvelope envelope = new DocumentEnvelope(1, UUID.randomUUID(), "ed-fi", "students", "Student", UUID.randomUUID(),
            Map.of("$.studentUniqueId", "S1"), command.document(), "123456789", Instant.now(), 42L, false, "3");

    @Benchmark
    public Command decodeCommand() throws MalformedMessageException {
        return MessageCodec.decodeCommand(commandBytes);
    }

    @Benchmark
    public byte[] encodeResult() {
        return MessageCodec.encode(result);
    }

    @Benchmark
    public byte[] encodeEnvelope() {
        return MessageCodec.encode(envelope);
    }

    @Benchmark
    public byte[] encodeBody() {
        return MessageCodec.encode(command.document());
    }
}
