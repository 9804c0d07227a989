<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AccountDetailsPane</name>
    <message numerus="yes">
        <source>%1 (in %n s)</source>
        <translation>
            <numerusform>%1 (in %n s)</numerusform>
            <numerusform>%1 (in %n s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message numerus="yes">
        <source>Signed in. The token is valid for %n minutes, until %1.</source>
        <translation>
            <numerusform>Signed in. The token is valid for %n minute, until %1.</numerusform>
            <numerusform>Signed in. The token is valid for %n minutes, until %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccountTableModel</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hours</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutes</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seconds</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CommandRunner</name>
    <message numerus="yes">
        <source>Gave up after %n seconds without an answer from the service.</source>
        <translation>
            <numerusform>Gave up after %n second without an answer from the service.</numerusform>
            <numerusform>Gave up after %n seconds without an answer from the service.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n account(s).</source>
        <translation>
            <numerusform>Imported %n account.</numerusform>
            <numerusform>Imported %n accounts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DemoEnvironment</name>
    <message numerus="yes">
        <source>The demo server did not start within %n seconds.</source>
        <translation>
            <numerusform>The demo server did not start within %n second.</numerusform>
            <numerusform>The demo server did not start within %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n accounts</source>
        <translation>
            <numerusform>%n account</numerusform>
            <numerusform>%n accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n need attention</source>
        <translation>
            <numerusform>%1 · %n needs attention</numerusform>
            <numerusform>%1 · %n need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Clipboard clears in %n s</source>
        <translation>
            <numerusform>Clipboard clears in %n s</numerusform>
            <numerusform>Clipboard clears in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %1 token — clears in %n s</source>
        <translation>
            <numerusform>Copied %1 token — clears in %n s</numerusform>
            <numerusform>Copied %1 token — clears in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %1 Authorization header — clears in %n s</source>
        <translation>
            <numerusform>Copied %1 Authorization header — clears in %n s</numerusform>
            <numerusform>Copied %1 Authorization header — clears in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %1 curl command — clears in %n s</source>
        <translation>
            <numerusform>Copied %1 curl command — clears in %n s</numerusform>
            <numerusform>Copied %1 curl command — clears in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <comment>list of account names</comment>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecentAccessDialog</name>
    <message numerus="yes">
        <source>%n token(s) handed out, newest at the bottom.</source>
        <translation>
            <numerusform>%n token handed out, newest at the bottom.</numerusform>
            <numerusform>%n tokens handed out, newest at the bottom.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyParsing</name>
    <message numerus="yes">
        <source>HTTP %1 from %2 with a reply that is not JSON (%n bytes).</source>
        <translation>
            <numerusform>HTTP %1 from %2 with a reply that is not JSON (%n byte).</numerusform>
            <numerusform>HTTP %1 from %2 with a reply that is not JSON (%n bytes).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionPresenter</name>
    <message numerus="yes">
        <source>Retrying in %n s</source>
        <translation>
            <numerusform>Retrying in %n s</numerusform>
            <numerusform>Retrying in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The service has locked &quot;%1&quot; until about %2 (in %n min). Wait until then: TokenTray makes no sign-in attempt before, and a new password does not lift the lock.</source>
        <translation>
            <numerusform>The service has locked &quot;%1&quot; until about %2 (in %n min). Wait until then: TokenTray makes no sign-in attempt before, and a new password does not lift the lock.</numerusform>
            <numerusform>The service has locked &quot;%1&quot; until about %2 (in %n min). Wait until then: TokenTray makes no sign-in attempt before, and a new password does not lift the lock.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The pasted token of &quot;%1&quot; expires in %n h, at %2. TokenTray cannot renew it: paste a new token from the D7 Control Panel before then.</source>
        <translation>
            <numerusform>The pasted token of &quot;%1&quot; expires in %n h, at %2. TokenTray cannot renew it: paste a new token from the D7 Control Panel before then.</numerusform>
            <numerusform>The pasted token of &quot;%1&quot; expires in %n h, at %2. TokenTray cannot renew it: paste a new token from the D7 Control Panel before then.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The pasted token of &quot;%1&quot; expires in %n min, at %2. TokenTray cannot renew it: paste a new token from the D7 Control Panel now.</source>
        <translation>
            <numerusform>The pasted token of &quot;%1&quot; expires in %n min, at %2. TokenTray cannot renew it: paste a new token from the D7 Control Panel now.</numerusform>
            <numerusform>The pasted token of &quot;%1&quot; expires in %n min, at %2. TokenTray cannot renew it: paste a new token from the D7 Control Panel now.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n h — paste a new token</source>
        <translation>
            <numerusform>Expires in %n h — paste a new token</numerusform>
            <numerusform>Expires in %n h — paste a new token</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n min — paste a new token</source>
        <translation>
            <numerusform>Expires in %n min — paste a new token</numerusform>
            <numerusform>Expires in %n min — paste a new token</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TokenCopier</name>
    <message numerus="yes">
        <source>The Authorization header for %1 is on the clipboard; it clears in %n s.</source>
        <translation>
            <numerusform>The Authorization header for %1 is on the clipboard; it clears in %n s.</numerusform>
            <numerusform>The Authorization header for %1 is on the clipboard; it clears in %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The token for %1 is on the clipboard; it clears in %n s.</source>
        <translation>
            <numerusform>The token for %1 is on the clipboard; it clears in %n s.</numerusform>
            <numerusform>The token for %1 is on the clipboard; it clears in %n s.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayStatus</name>
    <message numerus="yes">
        <source>%n account</source>
        <translation>
            <numerusform>%n account</numerusform>
            <numerusform>%n accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n accounts</source>
        <translation>
            <numerusform>%n account</numerusform>
            <numerusform>%n accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n needs attention</source>
        <translation>
            <numerusform>%1 · %n needs attention</numerusform>
            <numerusform>%1 · %n need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n need attention</source>
        <translation>
            <numerusform>%1 · %n needs attention</numerusform>
            <numerusform>%1 · %n need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pasted token expired — paste a new one</source>
        <translation>
            <numerusform>%n pasted token expired — paste a new one</numerusform>
            <numerusform>%n pasted token expired — paste a new one</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pasted tokens expired — paste new ones</source>
        <translation>
            <numerusform>%n pasted tokens expired — paste new ones</numerusform>
            <numerusform>%n pasted tokens expired — paste new ones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pasted token expires within a day</source>
        <translation>
            <numerusform>%n pasted token expires within a day</numerusform>
            <numerusform>%n pasted token expires within a day</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pasted tokens expire within a day</source>
        <translation>
            <numerusform>%n pasted tokens expire within a day</numerusform>
            <numerusform>%n pasted tokens expire within a day</numerusform>
        </translation>
    </message>
</context>
</TS>
