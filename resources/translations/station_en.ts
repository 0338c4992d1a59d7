<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AlarmBanner</name>
    <message numerus="yes">
        <location filename="../../screens/alarm_banner.py" line="85"/>
        <source>%n active alarm(s), all acknowledged</source>
        <translation>
            <numerusform>%n active alarm, all acknowledged</numerusform>
            <numerusform>%n active alarms, all acknowledged</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlarmJournalScreen</name>
    <message numerus="yes">
        <location filename="../../screens/alarm_journal_screen.py" line="99"/>
        <source>Last %n hour(s)</source>
        <translation>
            <numerusform>Last %n hour</numerusform>
            <numerusform>Last %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarm_journal_screen.py" line="100"/>
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>Last %n day</numerusform>
            <numerusform>Last %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarm_journal_screen.py" line="173"/>
        <source>%n journal entries written to %1</source>
        <translation>
            <numerusform>%n journal entry written to %1</numerusform>
            <numerusform>%n journal entries written to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlarmPerformanceScreen</name>
    <message numerus="yes">
        <location filename="../../screens/alarm_performance_screen.py" line="160"/>
        <source>Last flood: %1, %n alarm(s)</source>
        <translation>
            <numerusform>Last flood: %1, %n alarm</numerusform>
            <numerusform>Last flood: %1, %n alarms</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlarmsScreen</name>
    <message numerus="yes">
        <location filename="../../screens/alarms_screen.py" line="207"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarms_screen.py" line="207"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarms_screen.py" line="318"/>
        <source>%n alarm(s) acknowledged.</source>
        <translation>
            <numerusform>%n alarm acknowledged.</numerusform>
            <numerusform>%n alarms acknowledged.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryUploadPanel</name>
    <message numerus="yes">
        <location filename="../../screens/history_upload_panel.py" line="73"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/history_upload_panel.py" line="93"/>
        <source>%n raw row(s) were deleted before every sink had them (the disk limit won).</source>
        <translation>
            <numerusform>%n raw row was deleted before every sink had it (the disk limit won).</numerusform>
            <numerusform>%n raw rows were deleted before every sink had them (the disk limit won).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InstructionsScreen</name>
    <message numerus="yes">
        <location filename="../../screens/instructions_screen.py" line="388"/>
        <source>%1 of %n step(s) signed</source>
        <translation>
            <numerusform>%1 of %n step signed</numerusform>
            <numerusform>%1 of %n steps signed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message numerus="yes">
        <location filename="../../screens/login_screen.py" line="213"/>
        <source>Too many wrong PINs. This user is locked for %n second(s).</source>
        <translation>
            <numerusform>Too many wrong PINs. This user is locked for %n second.</numerusform>
            <numerusform>Too many wrong PINs. This user is locked for %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LotReport</name>
    <message numerus="yes">
        <location filename="../../screens/lot_report_texts.py" line="119"/>
        <source>%n part(s)</source>
        <translation>
            <numerusform>%n part</numerusform>
            <numerusform>%n parts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LotsScreen</name>
    <message numerus="yes">
        <location filename="../../screens/lots_screen.py" line="429"/>
        <source>%n part(s) were counted during the pause. Are they this lot&apos;s?</source>
        <translation>
            <numerusform>%n part was counted during the pause. Is it this lot&apos;s?</numerusform>
            <numerusform>%n parts were counted during the pause. Are they this lot&apos;s?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/lots_screen.py" line="557"/>
        <source>%n part(s) counted during the pause (kept apart)</source>
        <translation>
            <numerusform>%n part counted during the pause (kept apart)</numerusform>
            <numerusform>%n parts counted during the pause (kept apart)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/lots_screen.py" line="576"/>
        <source>Lot %1 finished; %n part(s) counted since are its late counts.</source>
        <translation>
            <numerusform>Lot %1 finished; %n part counted since is its late count.</numerusform>
            <numerusform>Lot %1 finished; %n parts counted since are its late counts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OeeReportScreen</name>
    <message numerus="yes">
        <location filename="../../screens/oee_report_screen.py" line="172"/>
        <source>Downtime %1 in %n reason(s)</source>
        <translation>
            <numerusform>Downtime %1 in %n reason</numerusform>
            <numerusform>Downtime %1 in %n reasons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/oee_report_screen.py" line="174"/>
        <source>%n micro-stop(s) (%1)</source>
        <translation>
            <numerusform>%n micro-stop (%1)</numerusform>
            <numerusform>%n micro-stops (%1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OeeScreen</name>
    <message numerus="yes">
        <location filename="../../screens/oee_screen.py" line="141"/>
        <source>%1 %2–%3 · run %4 of %5 planned · %n micro-stop(s) (%7) · %8 good, %9 scrap</source>
        <translation>
            <numerusform>%1 %2–%3 · run %4 of %5 planned · %n micro-stop (%7) · %8 good, %9 scrap</numerusform>
            <numerusform>%1 %2–%3 · run %4 of %5 planned · %n micro-stops (%7) · %8 good, %9 scrap</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpcScreen</name>
    <message numerus="yes">
        <location filename="../../screens/spc_screen.py" line="254"/>
        <source>Baseline: %n point(s)</source>
        <translation>
            <numerusform>Baseline: %n point</numerusform>
            <numerusform>Baseline: %n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/spc_screen.py" line="281"/>
        <source>Collecting the baseline for trial limits: %n point(s)</source>
        <translation>
            <numerusform>Collecting the baseline for trial limits: %n point</numerusform>
            <numerusform>Collecting the baseline for trial limits: %n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/spc_screen.py" line="285"/>
        <source>In control · lot %1 · %n point(s)</source>
        <translation>
            <numerusform>In control · lot %1 · %n point</numerusform>
            <numerusform>In control · lot %1 · %n points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="115"/>
        <source>%n connected</source>
        <translation>
            <numerusform>%n connected</numerusform>
            <numerusform>%n connected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="117"/>
        <source>%n printer(s) ready</source>
        <translation>
            <numerusform>%n printer ready</numerusform>
            <numerusform>%n printers ready</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="118"/>
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="119"/>
        <source>%n quarantined</source>
        <translation>
            <numerusform>%n quarantined</numerusform>
            <numerusform>%n quarantined</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="130"/>
        <source>%1: %n row(s) waiting</source>
        <translation>
            <numerusform>%1: %n row waiting</numerusform>
            <numerusform>%1: %n rows waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="134"/>
        <source>%n row(s) deleted before upload (disk limit)</source>
        <translation>
            <numerusform>%n row deleted before upload (disk limit)</numerusform>
            <numerusform>%n rows deleted before upload (disk limit)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message numerus="yes">
        <location filename="../../screens/sync_screen.py" line="165"/>
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/sync_screen.py" line="169"/>
        <source>%n held behind refused events</source>
        <translation>
            <numerusform>%n held behind refused events</numerusform>
            <numerusform>%n held behind refused events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SystemScreen</name>
    <message numerus="yes">
        <location filename="../../screens/system_screen.py" line="140"/>
        <source>Audit trail intact: %n entries.</source>
        <translation>
            <numerusform>Audit trail intact: %n entry.</numerusform>
            <numerusform>Audit trail intact: %n entries.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrendsScreen</name>
    <message numerus="yes">
        <location filename="../../screens/trends_screen.py" line="242"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/trends_screen.py" line="244"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/trends_screen.py" line="246"/>
        <source>%n d</source>
        <translation>
            <numerusform>%n d</numerusform>
            <numerusform>%n d</numerusform>
        </translation>
    </message>
</context>
</TS>
