// The single-instance socket's request parser: what a client may send, cut
// into a line as InstanceConnection does. A request it accepts must survive
// being encoded and parsed again unchanged.
#include "commands/clirequest.h"
#include "fuzzsupport.h"
#include "ipc/instanceprotocol.h"

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray received(reinterpret_cast<const char *>(data),
                              static_cast<qsizetype>(std::min<std::size_t>(
                                  size, static_cast<std::size_t>(InstanceProtocol::MaxRequestBytes))));
    const qsizetype newline = received.indexOf('\n');
    const QByteArray line = newline < 0 ? received : received.left(newline);

    const InstanceRequest request = InstanceProtocol::parseRequest(line);
    FUZZ_CHECK(!(request.activate && request.command));
    if (!request.activate && !request.command)
        FUZZ_CHECK(!request.error.isEmpty());
    if (!request.command)
        return 0;

    const QJsonObject json = request.command->toJson();
    QByteArray encoded = InstanceProtocol::encode(json);
    FUZZ_CHECK(encoded.endsWith('\n') && encoded.count('\n') == 1);
    encoded.chop(1);
    const InstanceRequest again = InstanceProtocol::parseRequest(encoded);
    FUZZ_CHECK(again.command);
    FUZZ_CHECK(again.command->toJson() == json);
    return 0;
}
