<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AccessLog</name>
    <message>
        <source>Cannot write the access log %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create its folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file kept changing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot trim the access log %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccessLogEntry</name>
    <message>
        <source>%1 (token file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (token file, renewed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccessLogModel</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The program could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccessLogReport</name>
    <message>
        <source>No token has been handed out yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TIME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACCOUNT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COMMAND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EXECUTABLE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Account</name>
    <message>
        <source>missing field &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is not text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is not a number of seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown provider &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid id &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid base URL &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown credential &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is not a date and time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountDetailsPane</name>
    <message>
        <source>Account details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an account to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token expires:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last renewed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next renewal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service check:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D7 application %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7G user %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (in %n s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>D7 application at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7G user at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown (the pasted token carries no expiry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never (a pasted token)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <source>Edit Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;7G account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;D7 application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Registry production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7G environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signs in once with these details, without saving anything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose &quot;Custom URL…&quot; as the environment to enter another address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved — leave empty to keep the saved password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved — leave empty to keep the saved client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a name for the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name must not contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another account is already called &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the base URL of the service.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a valid URL. It should look like https://api.example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The username must not contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client ID must not contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must not contain line breaks or other control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret must not contain line breaks or other control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the saved credential…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in could not be started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in. The token is valid until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Signed in. The token is valid for %n minutes, until %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Client id and secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token from the D7 Control &amp;Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A token made in the D7 Control Panel. TokenTray uses it until it expires and cannot renew it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token expires at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 2030-01-31 18:00 (local time); empty: unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpires at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved token is kept unless you paste a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the token to see when it expires.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token expires at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token expired at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no expiry in this token — enter one, or it is shown as unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To&amp;ken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved — leave empty to keep the saved token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the token from the D7 Control Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This token has expired. Create a new one in the D7 Control Panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the token from the D7 Control Panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the expiry as a date and time such as 2030-01-31 18:00, or leave it empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiry you entered is in the past.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountLock</name>
    <message>
        <source>Cannot create the lock directory %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the lock file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped while waiting for another TokenTray process.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountService</name>
    <message>
        <source>The account was not added: the keychain is not available, so its credential could not be saved. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This kind of account is not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account was added, but its credential could not be saved in the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed: the keychain is not available, so the new credential could not be saved. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account was saved, but the new credential could not be stored in the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account was not removed: the keychain is not available, so its saved credentials could not be deleted with it. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account was removed, but some of its keychain entries could not be deleted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pasted token is not used to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted token has expired or is missing, so the service cannot be checked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountStore</name>
    <message>
        <source>it is a folder, not a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts file %1 cannot be read (%2). It was left untouched, and changes to accounts will not be saved until it can be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is larger than %1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not valid JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not hold a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its &quot;version&quot; field is missing or not a whole positive number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its &quot;accounts&quot; field is missing or not a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its id %1 is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account number %1 is invalid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts file %1 was written by a newer version of TokenTray (format %2; this version understands format %3). The accounts are shown read-only, and changes will not be saved so that the file is not damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts file %1 is damaged (%2) and could not be moved aside (%3). It was left untouched, and changes to accounts will not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts file was damaged (%1). It was moved to %2 for you to inspect, and TokenTray started with an empty account list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account has no id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the account a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account named &quot;%1&quot; already exists. Choose a different name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account cannot be saved: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account with this id already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts file is read-only, so the change was not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change was not saved. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change was not saved: the accounts file %1 cannot be read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change was not saved: the accounts file %1 was changed by another program since TokenTray read it. Restart TokenTray to see the accounts it holds now, then make the change again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts could not be saved: the folder %1 could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts could not be saved to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountTableModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service and, for 7G, the environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The 7G username or the D7 client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the current token stays valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the token was last obtained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token expired at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token expires at %1 and is renewed at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token expires at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token obtained yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token obtained %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Hidden while the screen is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not renewed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n hours</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minutes</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>1 second</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n seconds</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>duration</comment>
        <extracomment>A duration of two parts: hours then minutes, or minutes then seconds.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <extracomment>The time a token stays valid, in words: &quot;19 minutes 39 seconds left&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ago</source>
        <extracomment>How long ago a token was obtained, in words: &quot;3 minutes ago&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 day ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted token carries no expiry and none was given, so there is nothing to count down. It is never renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted token expired at %1. Paste a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted token expires at %1. It is never renewed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountTransfer</name>
    <message>
        <source>The file is larger than %1 KiB, more than an accounts export can be.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not valid JSON (%1 at byte %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not an accounts export: it holds no JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a TokenTray accounts export (its &quot;format&quot; is not &quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no valid &quot;version&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file was written by a newer TokenTray (format version %1; this one reads up to %2). Update TokenTray to import it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has an unexpected field &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no &quot;accounts&quot; list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file lists more than %1 accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 in the file is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 in the file has an unexpected field &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 in the file is not valid: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; is given to more than one account in the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppSettings</name>
    <message>
        <source>The settings file %1 could not be read (%2). Default settings are used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings file was damaged and has been moved to %1. Default settings are used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some settings had unusable values and their defaults are used instead: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings could not be saved to %1: the file or its folder is not writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings could not be saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings file %1 is damaged and could not be moved aside (%2). It was left untouched: default settings are used, and changes to settings are kept only until TokenTray quits.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autostart</name>
    <message>
        <source>TokenTray cannot be started at login: its program path is not usable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray could not register itself to start at login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps API tokens fresh, in the system tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray could not create the folder %1 to start at login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray could not write %1 to start at login: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray could not stop starting at login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray could not remove %1, so it will still start at login: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BannerWidget</name>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CliArguments</name>
    <message>
        <source>Unknown option &quot;%1&quot; (see tokentray --help).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 is given more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 needs a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 takes no value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No command given (see tokentray --help).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot; (see tokentray --help).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 applies only when starting the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 does not apply to the command &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command &quot;%1&quot; needs an account name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command &quot;%1&quot; takes one account name; unexpected &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account name is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command &quot;%1&quot; takes no argument; unexpected &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--min-valid needs a number of seconds from 0 to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command &quot;add&quot; needs --provider 7g or --provider d7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown provider &quot;%1&quot;: use 7g or d7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--client-id and --secret-stdin are for D7 applications; 7G accounts use --username and --password-stdin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--username and --password-stdin are for 7G accounts; D7 applications use --client-id and --secret-stdin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The base URL &quot;%1&quot; is not a valid URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is read from standard input only: add --password-stdin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command &quot;exec&quot; needs the program to run after &quot;--&quot;: tokentray exec NAME -- CMD [ARGS...].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command &quot;exec&quot; needs a program to run after &quot;--&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The program to run has an empty name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command &quot;import&quot; needs the file to import: tokentray import FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command &quot;import&quot; takes one file; unexpected &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown --on-duplicate &quot;%1&quot;: use skip or rename.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown format &quot;%1&quot;: use shell, dotenv or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets are never taken from the command line, where other users and shell histories can see them. Pipe a token into --token-stdin, a client secret into --secret-stdin or a password into --password-stdin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--token-stdin is for D7 applications with a token pasted from the D7 Control Panel; 7G accounts use --username and --password-stdin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --secret-stdin or --token-stdin, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --expires-at or --expires-in, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--expires-at, --expires-in and --replace apply only with --token-stdin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--expires-at needs a date and time such as 2030-01-31T18:00:00Z; &quot;%1&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--expires-in needs a number of seconds from 1 to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret is read from standard input only: add --secret-stdin (or, for a token from the D7 Control Panel, --token-stdin).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--limit needs a number of entries from 1 to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: tokentray [--config-dir DIR] [--ca-file PEM] &lt;command&gt; [options]
       tokentray [--demo] [--minimized] [--config-dir DIR] [--ca-file PEM]

Keeps 7G Registry Platform and D7 Networks API tokens fresh. Without a command it
starts the window and the tray icon; with a command it prints what scripts need,
through the running TokenTray when there is one, on its own otherwise.

Commands:
  list [--json]             Accounts with provider, environment, state and seconds left.
  token NAME                A valid access token.
  header NAME               The whole Authorization header line.
  curl NAME                 curl arguments with every header the API needs.
  claims NAME               The token&apos;s JWT claims as JSON (never the token).
  env [--format shell|dotenv|json] NAME
                            TOKENTRAY_TOKEN and TOKENTRAY_AUTHORIZATION, quoted, for
                            eval &quot;$(tokentray env NAME)&quot;, a .env file or JSON.
  exec [--token-file] NAME -- CMD [ARGS...]
                            Runs CMD with TOKENTRAY_TOKEN and TOKENTRAY_AUTHORIZATION in
                            its environment and exits with CMD&apos;s status. --token-file
                            instead keeps the token in a private file under
                            XDG_RUNTIME_DIR, named by TOKENTRAY_TOKEN_FILE, renewed while
                            CMD runs and removed when it ends.
  add --provider 7g --name NAME (--environment ENV | --base-url URL)
      --username USER --password-stdin [--verify]
  add --provider d7 --name NAME [--base-url URL] --client-id ID --secret-stdin [--verify]
                            Stores an account; the secret is read from standard input.
                            ENV is production, dev, test, lab or demo. --verify signs in
                            first and stores nothing if that fails.
  add --provider d7 --name NAME [--base-url URL] [--client-id ID] --token-stdin
      [--expires-at ISO8601 | --expires-in SECONDS] [--replace]
                            Stores a token made in the D7 Control Panel, read from
                            standard input. It is used until it expires and never
                            renewed. Its expiry is read from the token; --expires-at or
                            --expires-in give one for a token that carries none, else it
                            is unknown. --replace gives an application of that name the
                            new token.
  remove NAME               Deletes the account and its keychain entries.
  signout NAME              Forgets the account&apos;s tokens and keeps its credentials.
  export [--output FILE]    Every account as JSON, without any secret.
  import [--on-duplicate skip|rename] FILE
                            Adds the accounts of an export; names that exist are
                            refused unless skipped or renamed. Lists the accounts that
                            still need a password or client secret.
  log [--json] [--limit N]  The latest tokens handed out (default 50, newest last): when,
                            account, command and the process that got it (pid, user,
                            program). Never the token.

NAME is the account&apos;s display name or id.

Options:
  --config-dir DIR          Use DIR for the accounts file and settings. Keychain entries
                            are kept apart for each directory.
  --ca-file PEM             Also trust the CA certificates in PEM. A running TokenTray
                            answering the command uses its own setting.
  --min-valid SECONDS       token, header, curl, claims, env, exec: renew first when the
                            token has less time left (default 60).
  -h, --help                Show this help.
  -v, --version             Show the version.

Window options:
  --demo                    Start an offline demo with a local fake server.
  --minimized               Start in the tray without showing the window.

Exit status: 0 ok, 2 usage error, 3 unknown account, 4 credentials rejected (not
retried), 5 network or service unavailable, 6 keychain unavailable, 7 bad configuration,
8 no private runtime directory for --token-file, 9 import: names exist, 10 import/export:
bad file, 11 the pasted token has expired (paste a new one with add --token-stdin
--replace), 128+N stopped by signal N (143 SIGTERM, 130 SIGINT, 129 SIGHUP). exec: CMD&apos;s own
status (128+N when a signal N ended it), 126 CMD cannot be run, 127 CMD not found.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CliInvocation</name>
    <message>
        <source>The running TokenTray sent an unreadable answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No TokenTray is running to carry out the command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CliRequest</name>
    <message>
        <source>The account needs a name (--name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account name must not contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A 7G account needs a username (--username).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A D7 application needs a client id (--client-id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The username or client id must not contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --environment or --base-url, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A 7G account needs --environment (production, dev, test, lab or demo) or --base-url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown 7G environment &quot;%1&quot;: use production, dev, test, lab or demo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D7 applications have no environment: use --base-url to change the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request names no known command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request has an unexpected field &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request names no account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request has an invalid minimum validity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request has a field of the wrong type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is missing a field or has one of the wrong type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request names no known provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request has an invalid base URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request carries no secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request names no known environment format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request names no known duplicate policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only D7 applications can use a pasted token (--token-stdin).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pasted token is not used to sign in, so --verify does not apply to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--expires-at, --expires-in and --replace apply only with --token-stdin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request names no known credential.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request has an invalid expiry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request has an invalid limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request names no known way to hand over the token.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CliResponse</name>
    <message>
        <source>The reply has an unknown field &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply has no exit status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply has an unknown exit status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply has a field of the wrong type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply reports a failure without a message.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>The command failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret for %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read &quot;%1&quot;: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported from &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token for %1: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandRunner</name>
    <message>
        <source>The keychain did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Gave up after %n seconds without an answer from the service.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The keychain is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no account named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PROVIDER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ENVIRONMENT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SECONDS-LEFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account &quot;%1&quot; was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot get a token for &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service gave no token for &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of &quot;%1&quot; is not a JWT, so it has no claims to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This command does not print a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts file is read-only; nothing was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account named &quot;%1&quot; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in as &quot;%1&quot; failed, so nothing was stored: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not remove &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The accounts file is read-only; nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported: accounts named %1 exist already. Use --on-duplicate skip or --on-duplicate rename.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n account(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Renamed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped, the name exists: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a password: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a client secret: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token was not stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token was not stored: it expired at %1. Create a new token in the D7 Control Panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token was not stored: the expiry given is in the past.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account named &quot;%1&quot; already exists. Add --replace to give it the new token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; does not use a pasted token, so --replace cannot give it one. Remove it first, or choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not replace the token of &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a pasted token: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>D7Provider</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client id is set for this application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client secret is stored for this application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply to the sign-in was not understood.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply from %1 has a token of an unsupported type (&quot;token_type&quot; is not &quot;bearer&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service rejected the sign-in request as incomplete or invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The D7 account has insufficient credit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D7 tokens cannot be refreshed; a new sign-in is needed instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no valid access token to check the service with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The balance reply was not understood.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The balance reply from %1 has no balance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token was not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret was not accepted. Copy it again from the D7 Control Panel and save it; TokenTray does not retry on its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application is not allowed to sign in. Check it in the D7 Control Panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service does not know this client id: the application does not exist. Check the client id in the D7 Control Panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token has expired. Sign in again, or for a token pasted from the D7 Control Panel, create a new one there and save it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoEnvironment</name>
    <message numerus="yes">
        <source>The demo server did not start within %n seconds.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create a temporary folder for the demo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo server (tokentray-fakeapi) was not found next to TokenTray or in ../libexec/tokentray. Build it with the tokentray-fakeapi target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo server could not be started: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo server stopped unexpectedly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo server stopped unexpectedly (exit code %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo server printed something unexpected on start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registry — Alice (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registry — Bob (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS alerts (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS marketing (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo account on the local demo server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message>
        <source>TokenTray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray keeps your tokens fresh from the tray. Click its icon to open the window again, or choose Quit TokenTray from its menu.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>The extra CA certificate is not in use: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExecCommand</name>
    <message>
        <source>%1: command not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not an executable file (permission denied).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token came in an unreadable form: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot renew the token of &quot;%1&quot;, so the token file is no longer renewed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not renew the token of &quot;%1&quot;; trying again: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot be run: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuiApplication</name>
    <message>
        <source>Keeps API tokens fresh, in the system tray.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the offline demo: a local fake server and four demo accounts. Your accounts and keychain are not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start without showing the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the configuration folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the offline demo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo ready: four accounts on a local demo server. Their tokens live two to three minutes and renew by themselves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The extra CA certificate is not in use: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeadlessEngine</name>
    <message>
        <source>There is no account named &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstanceClient</name>
    <message>
        <source>The running TokenTray does not accept connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The running TokenTray did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The running TokenTray closed the connection without an answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TokenTray socket %1 belongs to another user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The running TokenTray sent an oversized answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The running TokenTray sent an unreadable answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not talk to the running TokenTray: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstanceConnection</name>
    <message>
        <source>The request is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only one request per connection is accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The activation request has unexpected fields.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstanceProtocol</name>
    <message>
        <source>The message is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is for another version of TokenTray.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstanceServer</name>
    <message>
        <source>Another TokenTray is starting at the same moment.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeychainErrors</name>
    <message>
        <source>No saved credential was found in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain service (Secret Service) is available, so credentials cannot be saved or read. Install and start a keyring such as GNOME Keyring or KWallet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyring is locked. Unlock it to use saved credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access to the keychain was denied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain reported an unexpected error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain reported an unexpected error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain did not answer within %1 seconds. It may be waiting for you to unlock it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeychainMonitor</name>
    <message>
        <source>The keychain cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>macOS Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential is too long for the Windows Credential Manager.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibCrypto</name>
    <message>
        <source>OpenSSL&apos;s libcrypto could not be loaded: %1</source>
        <translation>OpenSSLs libcrypto konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>OpenSSL&apos;s libcrypto has no function %1.</source>
        <translation>OpenSSLs libcrypto hat keine Funktion %1.</translation>
    </message>
</context>
<context>
    <name>LoginAutostart</name>
    <message>
        <source>The demo never changes your desktop session, so it cannot start at login.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline — retrying. The token services cannot be reached at the moment; TokenTray keeps trying and renews every token as soon as they answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard was cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray — Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a 7G account or a D7 application (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the selected account (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected account and its saved secrets (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy a valid token of the selected account (Enter or Ctrl+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Authorization &amp;Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the whole Authorization header line (Ctrl+Shift+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as c&amp;url Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy a curl command with every header the service needs (Ctrl+Alt+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in or refresh the token now (F5). Also retries rejected credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewing the token of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the tokens of the selected account; its credentials stay saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out of %1. Its tokens were forgotten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token &amp;Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the token&apos;s header and claims (Ctrl+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check Ser&amp;vice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the account&apos;s service whether it is healthy (Ctrl+Shift+H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details &amp;Pane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About TokenTray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows the accounts whose name, environment or login contain every word typed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No accounts yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a 7G account or a D7 application. TokenTray signs in, renews the token before it expires, and has a valid one ready to copy at any moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account matches &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain cannot be used. Accounts stay listed, but saved credentials and tokens cannot be read or stored until it is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Accounts stay listed; saved credentials and tokens are used again once the keychain is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 account</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n accounts</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · 1 needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n need attention</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Clipboard clears in %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies &quot;Authorization: &lt;token&gt;&quot; (7G takes the raw token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies &quot;Authorization: Bearer &lt;token&gt;&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %1 token — clears in %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Copied %1 token</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %1 Authorization header — clears in %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Copied %1 Authorization header</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %1 curl command — clears in %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Copied %1 curl command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting a fresh token for %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token is available for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was copied. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its saved password and tokens are deleted from the keychain too. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its saved client secret and token are deleted from the keychain too. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be removed completely. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no token yet. Sign in first (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the service of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service of %1 did not answer well. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About TokenTray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps the API tokens of 7G Registry Platform accounts and D7 Networks applications fresh, and hands you one in a click.

Secrets are kept in: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screen is locked: logins and tokens are hidden until it is unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;In / Refresh Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;In Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent &amp;Access…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which programs were handed which token, and when</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemorySecretStore</name>
    <message>
        <source>in-memory (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No saved credential was found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain service is available, so credentials cannot be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyring is locked. Unlock it to use saved credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access to the keychain was denied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain reported an unexpected error.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkPolicy</name>
    <message>
        <source>No service address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service address is not a valid URL. Enter an address such as https://api.example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service address must start with https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service address must not contain a user name or password; enter them in the account instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service address has no host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service address must not contain a query (?) or fragment (#).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only https:// addresses are allowed, except http:// to this computer (localhost, 127.0.0.1 or ::1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate file %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate file %1 is not a regular file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate file %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate file %1 is too large to be a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 holds no certificate in PEM format (-----BEGIN CERTIFICATE-----).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>%1 and %2</source>
        <comment>list of account names</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <comment>list separator</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <comment>list of account names</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Keychain unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain cannot be used, so saved credentials and tokens cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service rejected the saved credentials for %1. TokenTray will not try them again until you edit the account or sign in yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The services rejected the saved credentials for %1. TokenTray will not try them again until you edit those accounts or sign in yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens could not be renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token for %1 has run out and renewing it keeps failing. TokenTray keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokens for %1 have run out and renewing them keeps failing. TokenTray keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted token expires soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted token expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted tokens expire soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted tokens expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted tokens of %1 have expired. TokenTray cannot renew them: paste new tokens from the D7 Control Panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted tokens of %1 expire within the hour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted tokens of %1 expire within a day.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PastedToken</name>
    <message>
        <source>The token is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token may hold only printable characters without spaces.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecentAccessDialog</name>
    <message>
        <source>Recent Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every token handed to another program (the command line, scripts, exec), with the process that received it. The tokens themselves are never recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens handed out, oldest first: time, account, command, process, process id and user id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the log again, with what headless commands added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token has been handed out yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) handed out, newest at the bottom.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyParsing</name>
    <message>
        <source>the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply from %1 (HTTP %2) was larger than %3 KiB and was cut off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service at %1 redirected the request to %2. Sign-in requests are not sent on to another address; check the service address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2. If the service uses a private certificate authority, choose its certificate file in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 timed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 was refused; the service may be down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 was closed before the reply was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host %1 was not found. Check the service address and the network connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network is not available at the moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy server requires a password, which TokenTray does not support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy server failed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request to %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service at %1 sent no HTTP answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1 from %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1 from %2 with an empty reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>HTTP %1 from %2 with a reply that is not JSON (%n bytes).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The service timed out waiting for the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service is limiting the rate of requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address was not found on the service. Check the service address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service is temporarily unavailable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service gave an unexpected answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply from %1 contains an access token that is too long or contains spaces, line breaks or other control characters; it was rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply from %1 contains a refresh token that is too long or contains spaces, line breaks or other control characters; it was rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token from %1 had already expired when it arrived (it expired at %2). Check that this computer&apos;s date and time are correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;%1&quot; field in the reply from %2 is not text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply from %1 has no &quot;%2&quot; field with a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in name of this account contains a line break or another invisible control character. Edit the account and enter the name again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy server %1 failed: %2. Check the proxy in the settings, or the https_proxy variable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request to %1 through the proxy server %2 failed: %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretInput</name>
    <message>
        <source>The secret on standard input is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret on standard input is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret on standard input is not UTF-8 text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the secret from the terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the secret from standard input.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretServiceBatch</name>
    <message>
        <source>The Secret Service did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Secret Service session could be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Secret Service refused an encrypted session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Secret Service could not be searched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain holds many more entries than are wanted; they are read one by one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Secret Service did not describe one of its items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Secret Service did not hand out the stored secrets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secret from the Secret Service could not be decrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain holds more than one entry of the same name.</source>
        <translation>Der Schlüsselbund enthält mehr als einen Eintrag desselben Namens.</translation>
    </message>
    <message>
        <source>None of the entries was found at once; they are read one by one.</source>
        <translation>Keiner der Einträge wurde auf einmal gefunden; sie werden einzeln gelesen.</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>This keychain is read entry by entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of the entries was found at once; they are read one by one.</source>
        <translation>Keiner der Einträge wurde auf einmal gefunden; sie werden einzeln gelesen.</translation>
    </message>
</context>
<context>
    <name>SessionPresenter</name>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client secret saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Retrying in %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password — not retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret rejected — not retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the account settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain cannot be used, so saved credentials cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is saved for this account. Enter it to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client secret is saved for this application. Enter it to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock over — sign in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked — %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address not on the allow-list — not retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account disabled — not retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in refused — not retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown client id — not retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service rejected the password of &quot;%1&quot; a moment ago. To keep the account from being locked, TokenTray does not try it again on its own before %2; a new password can be tried at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service rejected the client secret of &quot;%1&quot; a moment ago. TokenTray does not try it again on its own before %2; a new client secret can be tried at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The service has locked &quot;%1&quot; until about %2 (in %n min). Wait until then: TokenTray makes no sign-in attempt before, and a new password does not lift the lock.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The pasted token of &quot;%1&quot; expires in %n h, at %2. TokenTray cannot renew it: paste a new token from the D7 Control Panel before then.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The pasted token of &quot;%1&quot; expires in %n min, at %2. TokenTray cannot renew it: paste a new token from the D7 Control Panel now.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The pasted token of &quot;%1&quot; has expired. TokenTray cannot renew it: paste a new token from the D7 Control Panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token saved — paste one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid — expiry unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n h — paste a new token</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n min — paste a new token</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Valid (pasted token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired — paste a new token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted token carries no expiry and none was given, so TokenTray cannot say when it ends. It is never renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A token pasted from the D7 Control Panel, valid until %1. TokenTray never renews it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>TokenTray Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear copied tokens after, in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard is only cleared if it still holds the token TokenTray put there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renew tokens this many seconds before they expire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D7 token lifetime in minutes when the token does not say</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used for accounts you add from now on; each account can be changed in its own settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra CA certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not in use: it could not be loaded. Choose it again to see why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo never changes your desktop session, so it cannot start at login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificates in this file are now trusted, in addition to the system&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the system&apos;s certificates are trusted now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s host name to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter only the proxy&apos;s host name or address, such as proxy.example.com, without http:// or a path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear copied tokens after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Renew tokens before expiry by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;7 token lifetime if unknown:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start TokenTray when I &amp;log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;minimised to the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Notify me when an account needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hide logins and tokens while the screen is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the desktop locks, the clipboard is cleared if it holds a token TokenTray copied, whatever this says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choo&amp;se…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xtra CA certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the s&amp;ystem proxy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;o proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Man&amp;ual proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hos&amp;t:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SevenGProvider</name>
    <message>
        <source>No user name is set for this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is stored for this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No usable refresh token is stored for this account; a full sign-in is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply to the sign-in was not understood.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service refused the refresh token; a full sign-in is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service refused the sign-in request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refresh token was not accepted; a full sign-in is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service reports a problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service healthy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed sign-ins locked the user out. Wait until the lock ends before signing in again; TokenTray does not try before then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service refused the sign-in from this computer&apos;s network address, which is not on the user&apos;s allow-list. Connect through the VPN, or ask the administrator to add the address to the allow-list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user account is disabled. Ask the administrator of the 7G account to enable it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user name or password was not accepted. Fix the password (or the user name) and try again; TokenTray does not retry on its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service refused the sign-in and did not say why. Check the user name and password; if they are right, ask the administrator of the 7G account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharedOptions</name>
    <message>
        <source>The option --%1 is given more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 needs a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep accounts and settings in DIR instead of the default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also trust the CA certificates in this PEM file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>Running without the single-instance socket: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray is already running but did not answer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenCopier</name>
    <message>
        <source>No token could be obtained for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token for %1 could not be copied: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token not copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The Authorization header for %1 is on the clipboard; it clears in %n s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The token for %1 is on the clipboard; it clears in %n s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenDetailsDialog</name>
    <message>
        <source>%1 (%2 UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Header and claims (decoded, not verified):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header and claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no token at the moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issued (iat) %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid from (nbf) %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires (exp) %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current token of %1 is a JSON Web Token. Its contents are shown as the service wrote them; TokenTray does not check the signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This token is not a JSON Web Token, so it has no claims to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current token of %1 is opaque: only the service can read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires %1 (assumed: the token states no expiry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden while the screen is locked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenFile</name>
    <message>
        <source>XDG_RUNTIME_DIR is not set: --token-file keeps the token only in the user&apos;s private runtime directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XDG_RUNTIME_DIR (%1) is not an absolute path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XDG_RUNTIME_DIR (%1) is not a directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XDG_RUNTIME_DIR (%1) belongs to another user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XDG_RUNTIME_DIR (%1) is open to other users.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create a private directory in XDG_RUNTIME_DIR (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot make %1 private.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token file was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the token file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenHandoff</name>
    <message>
        <source>The token hand-off is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token hand-off has an unexpected field &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token hand-off is missing a field or has one of the wrong type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token hand-off has an invalid lifetime.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token hand-off carries no usable token.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenSession</name>
    <message>
        <source>The account was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain cannot be used, so saved credentials cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is saved for this account. Enter it to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client secret is saved for this application. Enter it to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account was signed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account&apos;s sign-in settings were changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service answered without a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service issued a token that has already expired. Check the computer&apos;s date and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token pasted for &quot;%1&quot; expired at %2, and TokenTray cannot renew a pasted token. Create a new token in the D7 Control Panel and paste it: edit the application, or run tokentray add --provider d7 --name &quot;%1&quot; --token-stdin --replace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token is saved for &quot;%1&quot;. Paste a token from the D7 Control Panel: edit the application, or run tokentray add --provider d7 --name &quot;%1&quot; --token-stdin --replace.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>No accounts yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7G Registry Platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D7 Networks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show TokenTray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit TokenTray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TokenTray</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayStatus</name>
    <message>
        <source>No accounts yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n account</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n accounts</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · all fine</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n needs attention</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n need attention</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Offline — retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pasted token expired — paste a new one</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pasted tokens expired — paste new ones</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pasted token expires within a day</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pasted tokens expire within a day</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Expires within a day — paste a new token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires within the hour — paste a new token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired — paste a new token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
