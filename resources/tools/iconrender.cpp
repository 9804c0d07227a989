// Renders an SVG icon to a square PNG at build time, so the PNG sizes the
// icon theme wants always match the one SVG that is kept in the repository.
#include <QCoreApplication>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QSvgRenderer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int fail(const QByteArray &message)
{
    std::fprintf(stderr, "tokentray-iconrender: %s\n", message.constData());
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    // No platform plugin is needed to paint an SVG into a QImage.
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 4)
        return fail("usage: tokentray-iconrender INPUT.svg OUTPUT.png SIZE");

    bool sizeOk = false;
    const int size = args.at(3).toInt(&sizeOk);
    if (!sizeOk || size < 1 || size > 4096)
        return fail("SIZE must be a number of pixels between 1 and 4096");

    QSvgRenderer renderer(args.at(1));
    if (!renderer.isValid())
        return fail("cannot read " + args.at(1).toLocal8Bit() + " as SVG");

    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        renderer.setAspectRatioMode(Qt::KeepAspectRatio);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }

    if (!image.save(args.at(2), "PNG"))
        return fail("cannot write " + args.at(2).toLocal8Bit());
    return 0;
}
