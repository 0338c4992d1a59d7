<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AlarmBanner</name>
    <message>
        <location filename="../../screens/alarm_banner.py" line="84"/>
        <source>No unacknowledged alarms</source>
        <translation>미확인 경보 없음</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarm_banner.py" line="85"/>
        <source>%n active alarm(s), all acknowledged</source>
        <translation>
            <numerusform>활성 경보 %n건, 모두 확인됨</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/alarm_banner.py" line="105"/>
        <source>active (unacknowledged)</source>
        <translation>활성 (미확인)</translation>
    </message>
</context>
<context>
    <name>AlarmJournalScreen</name>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="84"/>
        <source>Alarm journal</source>
        <translation>경보 기록</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="86"/>
        <source>All priorities</source>
        <translation>모든 우선순위</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="87"/>
        <source>All states</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="88"/>
        <source>Tag or alarm</source>
        <translation>태그 또는 경보</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="89"/>
        <location filename="../../screens/alarm_journal_screen.py" line="94"/>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="90"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="91"/>
        <source>Export CSV</source>
        <translation>CSV 내보내기</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="93"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="93"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="93"/>
        <source>Alarm</source>
        <translation>경보</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="93"/>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="93"/>
        <source>Transition</source>
        <translation>전이</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="94"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="94"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="94"/>
        <source>Comment</source>
        <translation>메모</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarm_journal_screen.py" line="99"/>
        <source>Last %n hour(s)</source>
        <translation>
            <numerusform>최근 %n시간</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarm_journal_screen.py" line="100"/>
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>최근 %n일</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarm_journal_screen.py" line="173"/>
        <source>%n journal entries written to %1</source>
        <translation>
            <numerusform>기록 %n건을 %1에 저장했습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="177"/>
        <source>raised</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="178"/>
        <source>acknowledged</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="179"/>
        <source>returned</source>
        <translation>정상 복귀</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="180"/>
        <source>reset</source>
        <translation>리셋</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="181"/>
        <source>shelved</source>
        <translation>보류됨</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="182"/>
        <source>unshelved</source>
        <translation>보류 해제</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="183"/>
        <source>out of service</source>
        <translation>사용 중지</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="184"/>
        <source>back in service</source>
        <translation>사용 재개</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="185"/>
        <source>suppressed</source>
        <translation>억제됨</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="186"/>
        <source>unsuppressed</source>
        <translation>억제 해제</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="187"/>
        <source>limit changed</source>
        <translation>한계값 변경</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_journal_screen.py" line="201"/>
        <source>station (automatic)</source>
        <translation>스테이션 (자동)</translation>
    </message>
</context>
<context>
    <name>AlarmLook</name>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="71"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="94"/>
        <source>Critical</source>
        <translation>긴급</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="94"/>
        <source>High</source>
        <translation>높음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="95"/>
        <source>Medium</source>
        <translation>중간</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="95"/>
        <source>Low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="96"/>
        <source>Diagnostic</source>
        <translation>진단</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="97"/>
        <source>C</source>
        <translation>긴급</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="97"/>
        <source>H</source>
        <translation>높음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="98"/>
        <source>M</source>
        <translation>중간</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="98"/>
        <source>L</source>
        <translation>낮음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="99"/>
        <source>D</source>
        <translation>진단</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="100"/>
        <source>Normal</source>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="101"/>
        <source>Active, unacknowledged</source>
        <translation>활성, 미확인</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="102"/>
        <source>Active, acknowledged</source>
        <translation>활성, 확인됨</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="103"/>
        <source>Returned, unacknowledged</source>
        <translation>복귀, 미확인</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="104"/>
        <source>Shelved</source>
        <translation>보류됨</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="105"/>
        <source>Suppressed by design</source>
        <translation>설계상 억제</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/alarm_look.py" line="106"/>
        <source>Out of service</source>
        <translation>사용 중지</translation>
    </message>
</context>
<context>
    <name>AlarmPerformanceScreen</name>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="85"/>
        <source>Alarm performance</source>
        <translation>경보 성능</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="89"/>
        <source>Last 24 hours</source>
        <translation>최근 24시간</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="90"/>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="93"/>
        <source>Top 10 bad actors</source>
        <translation>빈발 경보 상위 10</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="93"/>
        <source>Standing longer than 24 h</source>
        <translation>24시간 넘게 지속</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="94"/>
        <source>Chattering (3+ in 1 min)</source>
        <translation>채터링 (1분에 3회 이상)</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="119"/>
        <source>alarms in the period</source>
        <translation>기간 내 경보 수</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="120"/>
        <source>average per 10 min (target ≤ 1)</source>
        <translation>10분당 평균 (목표 ≤ 1)</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="121"/>
        <source>peak per 10 min (target ≤ 10)</source>
        <translation>10분당 최대 (목표 ≤ 10)</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="122"/>
        <source>of the time in flood</source>
        <translation>경보 폭주 시간 비율</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="145"/>
        <source>hours before now</source>
        <translation>현재로부터 시간 전</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="146"/>
        <source>alarms / 10 min</source>
        <translation>경보 / 10분</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="151"/>
        <source>%1 since %2</source>
        <translation>%1 (%2부터)</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="154"/>
        <source>%1: %2 in one minute</source>
        <translation>%1: 1분에 %2회</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_performance_screen.py" line="157"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarm_performance_screen.py" line="160"/>
        <source>Last flood: %1, %n alarm(s)</source>
        <translation>
            <numerusform>최근 폭주: %1, 경보 %n건</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlarmTableModel</name>
    <message>
        <location filename="../../screens/alarm_table_model.py" line="73"/>
        <source>latched</source>
        <translation>래치됨</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_table_model.py" line="87"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_table_model.py" line="87"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_table_model.py" line="88"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_table_model.py" line="88"/>
        <source>Alarm</source>
        <translation>경보</translation>
    </message>
    <message>
        <location filename="../../screens/alarm_table_model.py" line="89"/>
        <source>Value now</source>
        <translation>현재 값</translation>
    </message>
</context>
<context>
    <name>AlarmsScreen</name>
    <message>
        <location filename="../../screens/alarms_screen.py" line="166"/>
        <source>Alarms</source>
        <translation>경보</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="167"/>
        <source>All priorities</source>
        <translation>모든 우선순위</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="171"/>
        <source>All areas</source>
        <translation>모든 구역</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="173"/>
        <source>All equipment</source>
        <translation>모든 설비</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="175"/>
        <source>Show shelved</source>
        <translation>보류 표시</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="176"/>
        <source>Sound</source>
        <translation>소리</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="177"/>
        <source>Comment (optional)</source>
        <translation>메모 (선택)</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="178"/>
        <source>Acknowledge</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="179"/>
        <source>Acknowledge all</source>
        <translation>모두 확인</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="180"/>
        <source>Shelve…</source>
        <translation>보류…</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="181"/>
        <source>Unshelve</source>
        <translation>보류 해제</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="182"/>
        <source>Reset latch</source>
        <translation>래치 리셋</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="183"/>
        <source>Trend</source>
        <translation>추이</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="184"/>
        <source>Out of service…</source>
        <translation>사용 중지…</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="185"/>
        <source>Return to service</source>
        <translation>사용 재개</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="186"/>
        <source>Reason (required)</source>
        <translation>사유 (필수)</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="187"/>
        <source>Confirm</source>
        <translation>확정</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="188"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarms_screen.py" line="207"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n분</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarms_screen.py" line="207"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n시간</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="279"/>
        <source>Select an alarm to see what it means and what to do.</source>
        <translation>경보를 선택하면 의미와 조치 방법이 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="287"/>
        <source>Consequence</source>
        <translation>영향</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="288"/>
        <source>What to do</source>
        <translation>조치 방법</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="298"/>
        <source>Shelved until %1: %2</source>
        <translation>%1까지 보류: %2</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="301"/>
        <source>Out of service: %1</source>
        <translation>사용 중지: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/alarms_screen.py" line="318"/>
        <source>%n alarm(s) acknowledged.</source>
        <translation>
            <numerusform>경보 %n건을 확인했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="343"/>
        <source>Shelve %1 for</source>
        <translation>%1 보류 시간</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="348"/>
        <source>Take %1 out of service</source>
        <translation>%1 사용 중지</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="364"/>
        <source>Please give a reason.</source>
        <translation>사유를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/alarms_screen.py" line="387"/>
        <source>This station has no trend screen (tag %1).</source>
        <translation>이 스테이션에는 추이 화면이 없습니다 (태그 %1).</translation>
    </message>
</context>
<context>
    <name>DefectsScreen</name>
    <message>
        <location filename="../../screens/defects_screen.py" line="37"/>
        <source>critical</source>
        <translation>치명</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="38"/>
        <source>major</source>
        <translation>중결함</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="39"/>
        <source>minor</source>
        <translation>경결함</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="40"/>
        <source>running</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="41"/>
        <source>paused</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="42"/>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="43"/>
        <source>aborted</source>
        <translation>중단</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="219"/>
        <source>Label queued on printer %1 (job %2). Reprints and the preview are on the Printers screen.</source>
        <translation>라벨이 프린터 %1에 대기 중입니다 (작업 %2). 재인쇄와 미리보기는 프린터 화면에 있습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="224"/>
        <source>Defects</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="225"/>
        <source>Quantity</source>
        <translation>수량</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="226"/>
        <source>Location on the part (optional)</source>
        <translation>부품상 위치 (선택)</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="227"/>
        <source>Note (optional)</source>
        <translation>메모 (선택)</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="228"/>
        <source>Scan or type a lot</source>
        <translation>로트 스캔 또는 입력</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="229"/>
        <source>Active lot</source>
        <translation>진행 로트</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="232"/>
        <source>Reason to void</source>
        <translation>무효 사유</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="233"/>
        <source>Void defect</source>
        <translation>불량 무효</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="270"/>
        <source>No lot %1.</source>
        <translation>로트를 찾을 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="295"/>
        <source>No active lot: scan the lot number to record against it.</source>
        <translation>진행 중인 로트가 없습니다. 기록할 로트 번호를 스캔하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="298"/>
        <source>Lot %1 (%2)</source>
        <translation>로트 %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="298"/>
        <source>Active lot %1 (%2)</source>
        <translation>진행 로트 %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="406"/>
        <source>automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="470"/>
        <source>Defect %1 recorded on lot %2. Print its label with “Print label”.</source>
        <translation>불량 기록됨: %1 (로트 %2). “라벨 인쇄”로 라벨을 인쇄하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="472"/>
        <source>Defect %1 recorded on lot %2.</source>
        <translation>불량 기록됨: %1 (로트 %2).</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="483"/>
        <location filename="../../screens/defects_screen.py" line="493"/>
        <source>Select a defect in the list first.</source>
        <translation>먼저 목록에서 불량을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="230"/>
        <source>Record defect</source>
        <translation>불량 기록</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="231"/>
        <source>Print label</source>
        <translation>라벨 인쇄</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="411"/>
        <source>VOID</source>
        <translation>무효</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="447"/>
        <source>Choose a defect code first.</source>
        <translation>먼저 불량 코드를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="452"/>
        <source>Quantity must be a whole number.</source>
        <translation>수량은 정수여야 합니다.</translation>
    </message>
    <message>
        <location filename="../../screens/defects_screen.py" line="486"/>
        <source>Label printing is not set up at this station.</source>
        <translation>이 스테이션에는 라벨 인쇄가 설정되어 있지 않습니다.</translation>
    </message>
</context>
<context>
    <name>DowntimePrompt</name>
    <message>
        <location filename="../../screens/downtime_prompt.py" line="55"/>
        <source>Stopped since %1: why?</source>
        <translation>%1부터 정지: 정지 사유는?</translation>
    </message>
    <message>
        <location filename="../../screens/downtime_prompt.py" line="55"/>
        <source>Stop at %1 has no reason yet: why?</source>
        <translation>%1의 정지에 사유가 없습니다: 정지 사유는?</translation>
    </message>
    <message>
        <location filename="../../screens/downtime_prompt.py" line="82"/>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <location filename="../../screens/downtime_prompt.py" line="82"/>
        <source>More</source>
        <translation>더 보기</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <location filename="../../screens/widgets/duration_text.py" line="28"/>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/duration_text.py" line="29"/>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/duration_text.py" line="30"/>
        <source>%1 h %2 min</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/duration_text.py" line="31"/>
        <source>%1 d %2 h</source>
        <translation>%1일 %2시간</translation>
    </message>
</context>
<context>
    <name>EquipmentScreen</name>
    <message>
        <location filename="../../screens/equipment_screen.py" line="346"/>
        <source>No value received yet</source>
        <translation>아직 받은 값이 없음</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="353"/>
        <source>%1 ago</source>
        <translation>%1 전</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="356"/>
        <source>last %1 · %2 ago</source>
        <translation>마지막 값 %1 · %2 전</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="367"/>
        <source>Idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="367"/>
        <source>Running</source>
        <translation>운전</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="367"/>
        <source>Fault</source>
        <translation>고장</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="367"/>
        <source>Maintenance</source>
        <translation>정비</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="385"/>
        <source>connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="385"/>
        <source>connecting</source>
        <translation>연결 중</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="386"/>
        <source>degraded</source>
        <translation>일부 장애</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="386"/>
        <source>failed</source>
        <translation>연결 실패</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="387"/>
        <source>disabled</source>
        <translation>사용 안 함</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="401"/>
        <source>Tap a value for its detail</source>
        <translation>값을 누르면 상세 정보가 표시됩니다</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="409"/>
        <source>last %1 · %2</source>
        <translation>마지막 값 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="412"/>
        <source>Range</source>
        <translation>범위</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="413"/>
        <source>Problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="449"/>
        <source>Not written: %1</source>
        <translation>쓰지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="452"/>
        <source>%1 set to %2 (confirmed by read-back)</source>
        <translation>%1: %2(으)로 설정됨 (다시 읽어 확인)</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="455"/>
        <source>%1 written, but the read-back shows %2</source>
        <translation>%1 쓰기 완료, 그러나 다시 읽은 값은 %2</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="461"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="465"/>
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="468"/>
        <source>Recent values</source>
        <translation>최근 값</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="469"/>
        <source>Change value…</source>
        <translation>값 변경…</translation>
    </message>
</context>
<context>
    <name>FirstAdminScreen</name>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="68"/>
        <source>Set up this station</source>
        <translation>스테이션 초기 설정</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="69"/>
        <source>No users exist yet. Create the administrator who will add the other users.</source>
        <translation>등록된 사용자가 없습니다. 다른 사용자를 추가할 관리자를 만드세요.</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="70"/>
        <source>User ID</source>
        <translation>사용자 ID</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="70"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="70"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="71"/>
        <source>PIN again</source>
        <translation>PIN 확인</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="73"/>
        <source>Create administrator</source>
        <translation>관리자 만들기</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="82"/>
        <source>The two PINs differ.</source>
        <translation>두 PIN이 서로 다릅니다.</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../screens/header_bar.py" line="99"/>
        <source>No active lot</source>
        <translation>진행 중인 로트 없음</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="105"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="106"/>
        <source>MES</source>
        <translation>MES</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="107"/>
        <source>Printer</source>
        <translation>프린터</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="108"/>
        <source>Records</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="112"/>
        <source>Sign out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="140"/>
        <source>Not signed in</source>
        <translation>로그인 안 됨</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="146"/>
        <source>Operator</source>
        <translation>작업자</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="146"/>
        <source>Inspector</source>
        <translation>검사원</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="146"/>
        <source>Supervisor</source>
        <translation>감독자</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="146"/>
        <source>Admin</source>
        <translation>관리자</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="109"/>
        <source>History upload</source>
        <translation>이력 업로드</translation>
    </message>
</context>
<context>
    <name>HistoryUploadPanel</name>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="52"/>
        <source>History upload to the central systems</source>
        <translation>중앙 시스템으로 이력 업로드</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="53"/>
        <source>Sink</source>
        <translation>대상</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="53"/>
        <source>Connection</source>
        <translation>연결</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="53"/>
        <source>Waiting to send</source>
        <translation>전송 대기</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="54"/>
        <source>Oldest waiting</source>
        <translation>가장 오래된 대기</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="54"/>
        <source>Rate</source>
        <translation>속도</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="54"/>
        <source>Last error</source>
        <translation>마지막 오류</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="63"/>
        <source>Online</source>
        <translation>온라인</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="63"/>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="63"/>
        <source>Offline</source>
        <translation>오프라인</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="64"/>
        <source>Needs configuration</source>
        <translation>설정 필요</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="65"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="71"/>
        <source>counting…</source>
        <translation>세는 중…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/history_upload_panel.py" line="73"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n행</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="75"/>
        <source>catching up</source>
        <translation>따라잡는 중</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="78"/>
        <source>too old</source>
        <translation>너무 오래됨</translation>
    </message>
    <message>
        <location filename="../../screens/history_upload_panel.py" line="79"/>
        <source>{0} rows/s</source>
        <translation>초당 {0}행</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/history_upload_panel.py" line="93"/>
        <source>%n raw row(s) were deleted before every sink had them (the disk limit won).</source>
        <translation>
            <numerusform>모든 대상이 받기 전에 원시 데이터 %n행이 삭제되었습니다(디스크 한도 초과).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InstructionsScreen</name>
    <message>
        <location filename="../../screens/instructions_screen.py" line="165"/>
        <source>Work instructions</source>
        <translation>작업 지시서</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="166"/>
        <source>Back</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="167"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="271"/>
        <source>No work instruction for this work order.</source>
        <translation>이 작업 지시에 대한 작업 지시서가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="289"/>
        <source>version %1</source>
        <translation>버전 %1</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="293"/>
        <source>First use at this station.</source>
        <translation>이 스테이션에서 처음 사용합니다.</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="294"/>
        <source>Version %1 is new or changed: %2</source>
        <translation>새로 추가되거나 변경된 버전 %1: %2</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="295"/>
        <source>Acknowledge</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="295"/>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="299"/>
        <source>Step %1 of %2</source>
        <translation>%2단계 중 %1단계</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="302"/>
        <location filename="../../screens/instructions_screen.py" line="345"/>
        <source>Zoom: %1×</source>
        <translation>확대: %1×</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="304"/>
        <source>no limits</source>
        <translation>한계 없음</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="305"/>
        <source>Limits: %1</source>
        <translation>한계: %1</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="371"/>
        <source>at most %1 %2</source>
        <translation>최대 %1 %2</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="372"/>
        <source>at least %1 %2</source>
        <translation>최소 %1 %2</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="372"/>
        <source>%1 … %2 %3</source>
        <translation>%1 … %2 %3</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="398"/>
        <source>OUT OF LIMIT</source>
        <translation>규격 이탈</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="399"/>
        <source>Signed by %1 at %2</source>
        <translation>%1 서명, %2</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="402"/>
        <source>Read the step, then go on.</source>
        <translation>단계를 읽고 진행하십시오.</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="404"/>
        <source>Start a lot to sign this step.</source>
        <translation>이 단계에 서명하려면 로트를 시작하십시오.</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="406"/>
        <source>Not signed yet.</source>
        <translation>아직 서명되지 않음.</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="435"/>
        <source>%1 %2 is outside the limits (%3). Record it flagged?</source>
        <translation>한계 이탈: %1 %2 (한계 %3). 이탈 표시와 함께 기록할까요?</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="306"/>
        <source>Confirm done</source>
        <translation>완료 확인</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="307"/>
        <source>Confirm checklist</source>
        <translation>체크리스트 확인</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="308"/>
        <source>Record value</source>
        <translation>값 기록</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/instructions_screen.py" line="388"/>
        <source>%1 of %n step(s) signed</source>
        <translation>
            <numerusform>%n단계 중 %1단계 서명됨</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="438"/>
        <source>Record flagged</source>
        <translation>이탈로 기록</translation>
    </message>
    <message>
        <location filename="../../screens/instructions_screen.py" line="438"/>
        <source>Measure again</source>
        <translation>다시 측정</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../screens/login_screen.py" line="90"/>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="91"/>
        <source>Scan your badge, or enter your user ID and PIN.</source>
        <translation>사원증을 스캔하거나 사용자 ID와 PIN을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="92"/>
        <source>User ID or badge</source>
        <translation>사용자 ID 또는 사원증</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="93"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="181"/>
        <source>Enter your user ID first.</source>
        <translation>먼저 사용자 ID를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="185"/>
        <source>Enter your PIN.</source>
        <translation>PIN을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="195"/>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/login_screen.py" line="213"/>
        <source>Too many wrong PINs. This user is locked for %n second(s).</source>
        <translation>
            <numerusform>PIN 오류가 너무 많습니다. 이 사용자는 %n초 동안 잠깁니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LotHeader</name>
    <message>
        <location filename="../../screens/lot_header.py" line="17"/>
        <source>Lot %1 · PAUSED · %2 good · %3 scrap</source>
        <translation>로트 %1 · 일시 정지 · 양품 %2 · 불량 %3</translation>
    </message>
    <message>
        <location filename="../../screens/lot_header.py" line="19"/>
        <source>Lot %1 · %2 good · %3 scrap</source>
        <translation>로트 %1 · 양품 %2 · 불량 %3</translation>
    </message>
</context>
<context>
    <name>LotHistoryScreen</name>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="73"/>
        <source>Lot history</source>
        <translation>로트 이력</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="74"/>
        <source>Lot, work order or product</source>
        <translation>로트, 작업 지시 또는 제품</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="75"/>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="76"/>
        <source>Save lot report (PDF)</source>
        <translation>로트 보고서 저장 (PDF)</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="114"/>
        <source>No lot selected.</source>
        <translation>선택된 로트가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="118"/>
        <source>Lot</source>
        <translation>로트</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="118"/>
        <source>Good</source>
        <translation>양품</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="118"/>
        <source>Scrap</source>
        <translation>불량품</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="118"/>
        <source>Started</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="119"/>
        <source>Ended</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="119"/>
        <source>Aborted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="119"/>
        <source>Process values</source>
        <translation>공정 값</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="120"/>
        <source>Defects</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="120"/>
        <source>VOID</source>
        <translation>무효</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="120"/>
        <source>Instruction sign-offs</source>
        <translation>작업 지시 서명</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="121"/>
        <source>OUT OF LIMIT</source>
        <translation>규격 이탈</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="121"/>
        <source>Step</source>
        <translation>단계</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="121"/>
        <source>Events</source>
        <translation>이력</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="122"/>
        <source>Alarms during the lot</source>
        <translation>로트 중 알람</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="122"/>
        <source>At start</source>
        <translation>시작 시</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="122"/>
        <source>At end</source>
        <translation>종료 시</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="123"/>
        <source>Counts</source>
        <translation>수량</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="123"/>
        <source>counted by the line</source>
        <translation>라인 계수</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="124"/>
        <source>counted by people</source>
        <translation>작업자 계수</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="124"/>
        <source>counted during pauses</source>
        <translation>일시 정지 중 계수</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="125"/>
        <source>added to the lot</source>
        <translation>로트에 추가</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="125"/>
        <source>as scrap</source>
        <translation>불량 처리</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="126"/>
        <source>not this lot</source>
        <translation>이 로트 아님</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="126"/>
        <source>late counts after Finish</source>
        <translation>완료 후 지연 계수</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="127"/>
        <source>planned</source>
        <translation>계획</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="127"/>
        <source>times</source>
        <translation>회</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="150"/>
        <source>no value</source>
        <translation>값 없음</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="210"/>
        <source>running</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="210"/>
        <source>paused</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="210"/>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="211"/>
        <source>aborted</source>
        <translation>중단</translation>
    </message>
    <message>
        <location filename="../../screens/lot_history_screen.py" line="239"/>
        <source>Lot report saved: %1</source>
        <translation>로트 보고서 저장됨: %1</translation>
    </message>
</context>
<context>
    <name>LotReport</name>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="18"/>
        <source>Lot report — {lot_no}</source>
        <translation>로트 보고서 — {lot_no}</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="19"/>
        <source>{station} · generated {when}</source>
        <translation>{station} · 작성 {when}</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="20"/>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="21"/>
        <source>Lot</source>
        <translation>로트</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="22"/>
        <source>Work order</source>
        <translation>작업 지시</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="23"/>
        <source>Product</source>
        <translation>제품</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="24"/>
        <source>Operation</source>
        <translation>공정</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="25"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="26"/>
        <source>running</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="27"/>
        <source>paused</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="28"/>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="29"/>
        <source>aborted</source>
        <translation>중단</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="30"/>
        <source>Good</source>
        <translation>양품</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="31"/>
        <source>Scrap</source>
        <translation>불량품</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="32"/>
        <source>Planned</source>
        <translation>계획</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="33"/>
        <source>Started</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="34"/>
        <source>Ended</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="35"/>
        <source>Counts</source>
        <translation>수량</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="36"/>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="37"/>
        <source>Kept apart</source>
        <translation>별도 보관</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="38"/>
        <source>Counter (line)</source>
        <translation>계수기 (라인)</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="39"/>
        <source>People (+1 / +N)</source>
        <translation>작업자 (+1 / +N)</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="40"/>
        <source>Counted during pauses: added to the lot / scrap / not this lot</source>
        <translation>일시 정지 중 계수: 로트에 추가 / 불량품 / 이 로트 아님</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="41"/>
        <source>Late counts (after Finish, parts in transit)</source>
        <translation>늦은 계수 (완료 후, 이송 중인 부품)</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="42"/>
        <source>Aborted: {reason}</source>
        <translation>중단 사유: {reason}</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="43"/>
        <source>Work instruction: {instruction} version {version}</source>
        <translation>작업 표준서: {instruction} 버전 {version}</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="44"/>
        <source>Process parameters</source>
        <translation>공정 파라미터</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="45"/>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="46"/>
        <source>At start</source>
        <translation>시작 시</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="47"/>
        <source>At end</source>
        <translation>종료 시</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="48"/>
        <source>No process values configured.</source>
        <translation>설정된 공정 값이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="49"/>
        <source>Defects</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="50"/>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="51"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="52"/>
        <source>Qty</source>
        <translation>수량</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="53"/>
        <source>Where / note</source>
        <translation>위치 / 메모</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="54"/>
        <source>Measurement</source>
        <translation>측정값</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="55"/>
        <source>Recorded</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="56"/>
        <source>VOID: {reason}</source>
        <translation>무효: {reason}</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="57"/>
        <source>manual</source>
        <translation>수동</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="58"/>
        <source>automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="59"/>
        <source>Total defective parts (not void): {count}</source>
        <translation>불량 부품 합계 (무효 제외): {count}</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="60"/>
        <source>No defects recorded.</source>
        <translation>기록된 불량이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="61"/>
        <source>Instruction sign-offs</source>
        <translation>작업 지시 서명</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="62"/>
        <source>Step</source>
        <translation>단계</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="63"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="64"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="65"/>
        <source>Limits</source>
        <translation>한계</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="66"/>
        <source>Flag</source>
        <translation>표시</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="67"/>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="68"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="69"/>
        <source>info</source>
        <translation>안내</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="70"/>
        <source>confirm</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="71"/>
        <source>checklist</source>
        <translation>체크리스트</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="72"/>
        <source>measure</source>
        <translation>측정</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="73"/>
        <source>OUT OF LIMIT</source>
        <translation>규격 이탈</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="74"/>
        <source>No sign-offs.</source>
        <translation>서명이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="75"/>
        <source>Events (runs of counts summarised)</source>
        <translation>이력 (연속 계수는 요약)</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="76"/>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="77"/>
        <source>By</source>
        <translation>작업자</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="78"/>
        <source>Reason / kept apart</source>
        <translation>사유 / 별도 보관</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="79"/>
        <source>started</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="80"/>
        <source>count</source>
        <translation>계수</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="81"/>
        <source>pause count</source>
        <translation>일시 정지 중 계수</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="82"/>
        <source>late count</source>
        <translation>늦은 계수</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="83"/>
        <source>resumed</source>
        <translation>재개</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="84"/>
        <source>corrected</source>
        <translation>수정</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="85"/>
        <source>Alarms during the lot</source>
        <translation>로트 중 경보</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="86"/>
        <source>Alarm</source>
        <translation>경보</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="87"/>
        <source>SPC</source>
        <translation>통계적 공정 관리 (SPC)</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="88"/>
        <source>Characteristics</source>
        <translation>관리 특성</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="89"/>
        <source>Violations</source>
        <translation>규칙 위반</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="90"/>
        <source>Characteristic</source>
        <translation>특성</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="91"/>
        <source>Chart</source>
        <translation>관리도</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="92"/>
        <source>Limit set</source>
        <translation>관리 한계</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="93"/>
        <source>Points</source>
        <translation>점 수</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="94"/>
        <source>Notes</source>
        <translation>비고</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="95"/>
        <source>Rule</source>
        <translation>규칙</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="96"/>
        <source>Point</source>
        <translation>점</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="97"/>
        <source>Assignable cause / action</source>
        <translation>이상 원인 / 조치</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="98"/>
        <source>TRIAL</source>
        <translation>시험</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="99"/>
        <source>awaiting cause</source>
        <translation>원인 입력 대기</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="100"/>
        <source>Trend</source>
        <translation>추이</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="101"/>
        <source>not enough samples for a trend</source>
        <translation>추이를 그릴 샘플이 부족합니다</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="102"/>
        <source>{tag} (x: minutes)</source>
        <translation>{tag} (x: 분)</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="103"/>
        <source>at most {limit}</source>
        <translation>{limit} 이하</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="104"/>
        <source>at least {limit}</source>
        <translation>{limit} 이상</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="105"/>
        <source>no value</source>
        <translation>값 없음</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="106"/>
        <source>confirmed</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="107"/>
        <source>BAD</source>
        <translation>불량 신호</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="108"/>
        <source>STALE</source>
        <translation>갱신 안 됨</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="109"/>
        <source>UNCERTAIN</source>
        <translation>불확실</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="110"/>
        <source>line counter</source>
        <translation>라인 계수기</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="111"/>
        <source>equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="112"/>
        <source>SPC rules</source>
        <translation>SPC 규칙</translation>
    </message>
    <message>
        <location filename="../../screens/lot_report_texts.py" line="113"/>
        <source>MES sync</source>
        <translation>MES 동기화</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/lot_report_texts.py" line="119"/>
        <source>%n part(s)</source>
        <translation>
            <numerusform>부품 %n개</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LotsScreen</name>
    <message>
        <location filename="../../screens/lots_screen.py" line="269"/>
        <source>Lots</source>
        <translation>로트</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="270"/>
        <source>Work orders</source>
        <translation>작업 지시</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="271"/>
        <source>Scan a work order or lot barcode</source>
        <translation>작업 지시 또는 로트 바코드를 스캔하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="272"/>
        <source>Scan here</source>
        <translation>여기에 스캔</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="273"/>
        <source>Lot number</source>
        <translation>로트 번호</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="274"/>
        <source>Review the work instruction</source>
        <translation>작업 지시서 검토</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="275"/>
        <source>Start lot</source>
        <translation>로트 시작</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="276"/>
        <source>Good</source>
        <translation>양품</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="277"/>
        <location filename="../../screens/lots_screen.py" line="286"/>
        <source>Scrap</source>
        <translation>불량품</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="278"/>
        <source>+1 good</source>
        <translation>양품 +1</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="279"/>
        <source>+1 scrap</source>
        <translation>불량품 +1</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="280"/>
        <source>Finish lot</source>
        <translation>로트 완료</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="281"/>
        <source>Reason to abort (supervisor)</source>
        <translation>중단 사유 (감독자)</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="282"/>
        <source>Abort lot</source>
        <translation>로트 중단</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="283"/>
        <source>Count several: type N, then OK adds N good</source>
        <translation>여러 개 집계: N을 입력하고 OK를 누르면 양품 N개 추가</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="284"/>
        <source>Add N as scrap</source>
        <translation>N개를 불량품으로 추가</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="285"/>
        <source>Add to lot</source>
        <translation>로트에 추가</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="287"/>
        <source>Not this lot</source>
        <translation>이 로트 아님</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="307"/>
        <source>e.g. %1</source>
        <translation>예: %1</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="329"/>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="330"/>
        <source>More</source>
        <translation>더 보기</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="338"/>
        <source>%1 pcs · due %2</source>
        <translation>%1개 · 납기 %2</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="385"/>
        <source>Instruction %1 version %2 is new or changed: acknowledge it before starting.</source>
        <translation>새로 추가되거나 변경된 작업 지시서: %1 버전 %2. 시작 전에 확인하십시오.</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="393"/>
        <source>Choose a work order first.</source>
        <translation>먼저 작업 지시를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="405"/>
        <source>Type a whole number first.</source>
        <translation>먼저 정수를 입력하십시오.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/lots_screen.py" line="429"/>
        <source>%n part(s) were counted during the pause. Are they this lot&apos;s?</source>
        <translation>
            <numerusform>일시 정지 중에 부품 %n개가 계수되었습니다. 이 로트의 부품입니까?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/lots_screen.py" line="557"/>
        <source>%n part(s) counted during the pause (kept apart)</source>
        <translation>
            <numerusform>일시 정지 중 계수된 부품 %n개 (별도 보관)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="591"/>
        <source>at most %1 %2</source>
        <translation>최대 %1 %2</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="592"/>
        <source>at least %1 %2</source>
        <translation>최소 %1 %2</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="592"/>
        <source>%1 … %2 %3</source>
        <translation>%1 … %2 %3</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="594"/>
        <source>%1 = %2 %3 is outside %4: record defect %5 for lot %6?</source>
        <translation>%1 = %2 %3: 범위(%4) 이탈. 로트 %6에 결함 코드 %5 기록할까요?</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="613"/>
        <source>Stopped since %1: why?</source>
        <translation>%1부터 정지: 정지 사유는?</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="614"/>
        <source>Stop at %1 has no reason yet: why?</source>
        <translation>%1의 정지에 사유가 없습니다: 정지 사유는?</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="448"/>
        <source>Finish</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="288"/>
        <location filename="../../screens/lots_screen.py" line="291"/>
        <location filename="../../screens/lots_screen.py" line="473"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="446"/>
        <source>Finish lot %1 with %2 good and %3 scrap? Later parts are its late counts.</source>
        <translation>%1 로트를 양품 %2개, 불량 %3개로 완료할까요? 이후 부품은 이 로트의 지연 계수가 됩니다.</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="457"/>
        <source>Abort lot %1? This cannot be undone.</source>
        <translation>%1 로트를 중단하시겠습니까? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="457"/>
        <source>Abort</source>
        <translation>중단</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="537"/>
        <source>Lot %1</source>
        <translation>로트 %1</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="538"/>
        <source>started by %1</source>
        <translation>시작자 %1</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="545"/>
        <source>%1 of %2 planned (%3 %)</source>
        <translation>계획 %2개 중 %1개 (%3 %)</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="551"/>
        <source>no planned quantity</source>
        <translation>계획 수량 없음</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="555"/>
        <source>PAUSED: %1</source>
        <translation>일시 정지: %1</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="561"/>
        <source>Resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="561"/>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/lots_screen.py" line="576"/>
        <source>Lot %1 finished; %n part(s) counted since are its late counts.</source>
        <translation>
            <numerusform>로트 %1 완료됨. 그 후 계수된 부품 %n개는 이 로트의 지연 계수입니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="597"/>
        <source>Record defect</source>
        <translation>불량 기록</translation>
    </message>
    <message>
        <location filename="../../screens/lots_screen.py" line="597"/>
        <source>Dismiss</source>
        <translation>무시</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../screens/main_window.py" line="229"/>
        <source>Log in to see the alarm list.</source>
        <translation>경보 목록을 보려면 로그인하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/main_window.py" line="373"/>
        <source>Something went wrong: %1. Details are in %2.</source>
        <translation>오류가 발생했습니다: %1. 자세한 내용: %2</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../screens/registry.py" line="101"/>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="102"/>
        <source>Lots</source>
        <translation>로트</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="103"/>
        <source>Instructions</source>
        <translation>작업 지시서</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="104"/>
        <source>Defects</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="105"/>
        <source>Lot history</source>
        <translation>로트 이력</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="106"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="107"/>
        <source>Printers</source>
        <translation>프린터</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="108"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="109"/>
        <source>Trends</source>
        <translation>트렌드</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="110"/>
        <source>History</source>
        <translation>이력</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="111"/>
        <source>Alarms</source>
        <translation>경보</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="112"/>
        <source>Alarm log</source>
        <translation>경보 기록</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="113"/>
        <source>Alarm KPIs</source>
        <translation>경보 KPI</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="114"/>
        <source>MES sync</source>
        <translation>MES 동기화</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="115"/>
        <source>SPC</source>
        <translation>SPC 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="116"/>
        <source>OEE</source>
        <translation>OEE</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="117"/>
        <source>OEE report</source>
        <translation>OEE 보고서</translation>
    </message>
</context>
<context>
    <name>OeeReportScreen</name>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="98"/>
        <source>OEE report</source>
        <translation>OEE 보고서</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="99"/>
        <source>◀ Day</source>
        <translation>◀ 전날</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="100"/>
        <source>Day ▶</source>
        <translation>다음 날 ▶</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="101"/>
        <source>Export CSV</source>
        <translation>CSV 내보내기</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="102"/>
        <source>Shift</source>
        <translation>근무조</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="102"/>
        <source>Availability</source>
        <translation>가동률</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="102"/>
        <source>Performance</source>
        <translation>성능</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="103"/>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="103"/>
        <source>OEE</source>
        <translation>OEE</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="103"/>
        <source>Target</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="104"/>
        <source>Micro-stops</source>
        <translation>순간 정지</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="137"/>
        <source>no reason</source>
        <translation>사유 없음</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="144"/>
        <source>Whole day</source>
        <translation>하루 전체</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="157"/>
        <source>No shift of this day has begun yet.</source>
        <translation>이 날의 근무조가 아직 시작되지 않았습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/oee_report_screen.py" line="172"/>
        <source>Downtime %1 in %n reason(s)</source>
        <translation>
            <numerusform>정지 시간 %1 (사유 %n개)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/oee_report_screen.py" line="174"/>
        <source>%n micro-stop(s) (%1)</source>
        <translation>
            <numerusform>순간 정지 %n회 (%1)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="182"/>
        <source>Downtime by reason (min)</source>
        <translation>사유별 정지 시간 (분)</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="194"/>
        <source>OEE per hour (%)</source>
        <translation>시간별 OEE (%)</translation>
    </message>
    <message>
        <location filename="../../screens/oee_report_screen.py" line="222"/>
        <source>OEE report written to %1</source>
        <translation>OEE 보고서를 %1에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>OeeScreen</name>
    <message>
        <location filename="../../screens/oee_screen.py" line="103"/>
        <source>OEE this shift</source>
        <translation>이번 근무조 OEE</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="104"/>
        <source>Availability</source>
        <translation>가동률</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="104"/>
        <source>Performance</source>
        <translation>성능</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="105"/>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="105"/>
        <location filename="../../screens/oee_screen.py" line="109"/>
        <source>OEE</source>
        <translation>OEE</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="108"/>
        <source>Hour</source>
        <translation>시간</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="108"/>
        <source>Planned</source>
        <translation>계획</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="108"/>
        <source>Actual</source>
        <translation>실적</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="110"/>
        <source>Open downtime</source>
        <translation>진행 중인 정지</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="111"/>
        <source>Stops waiting for a reason</source>
        <translation>사유를 기다리는 정지</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="112"/>
        <source>Choose a stop, then its reason</source>
        <translation>정지를 고른 뒤 사유를 고르십시오</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="126"/>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="126"/>
        <source>More</source>
        <translation>더 보기</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="135"/>
        <source>No shift is planned now.</source>
        <translation>지금은 계획된 근무조가 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/oee_screen.py" line="141"/>
        <source>%1 %2–%3 · run %4 of %5 planned · %n micro-stop(s) (%7) · %8 good, %9 scrap</source>
        <translation>
            <numerusform>%1 %2–%3 · 계획 %5 중 가동 %4 · 순간 정지 %n회 (%7) · 양품 %8, 불량 %9</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="156"/>
        <source>target %1</source>
        <translation>목표 %1</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="160"/>
        <source>above 100 %: check the ideal cycle time</source>
        <translation>100 % 초과: 이상 사이클 시간을 확인하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="161"/>
        <source>no ideal cycle time in the master data</source>
        <translation>기준 정보에 이상 사이클 시간이 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="177"/>
        <source>The line is not stopped.</source>
        <translation>라인이 정지되어 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="180"/>
        <source>Stopped since %1 (%2) · %3</source>
        <translation>%1부터 정지 (%2) · %3</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="189"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="196"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../screens/oee_screen.py" line="205"/>
        <source>no reason yet</source>
        <translation>아직 사유 없음</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <location filename="../../screens/overview_screen.py" line="50"/>
        <source>Station</source>
        <translation>스테이션</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="50"/>
        <source>Line</source>
        <translation>라인</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="50"/>
        <source>Area</source>
        <translation>구역</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="53"/>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="57"/>
        <source>Signed in</source>
        <translation>로그인 사용자</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="57"/>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="57"/>
        <source>since</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="70"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="70"/>
        <source>MES</source>
        <translation>MES</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="70"/>
        <source>Printer</source>
        <translation>프린터</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="71"/>
        <source>Records</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="71"/>
        <source>History upload</source>
        <translation>이력 업로드</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="72"/>
        <source>Connections</source>
        <translation>연결 상태</translation>
    </message>
</context>
<context>
    <name>PenPickerDialog</name>
    <message>
        <location filename="../../screens/trend_dialogs.py" line="40"/>
        <source>Pens (up to %1)</source>
        <translation>펜 (최대 %1개)</translation>
    </message>
</context>
<context>
    <name>PrintersScreen</name>
    <message>
        <location filename="../../screens/printers_screen.py" line="42"/>
        <source>Damaged</source>
        <translation>손상</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="43"/>
        <source>Unreadable</source>
        <translation>판독 불가</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="44"/>
        <source>Lost</source>
        <translation>분실</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="45"/>
        <source>Wrong part</source>
        <translation>다른 부품</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="184"/>
        <source>Printers and labels</source>
        <translation>프린터와 라벨</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="185"/>
        <source>Check printers</source>
        <translation>프린터 확인</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="187"/>
        <location filename="../../screens/printers_screen.py" line="323"/>
        <source>Job</source>
        <translation>작업</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="187"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="187"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="187"/>
        <location filename="../../screens/printers_screen.py" line="323"/>
        <source>Printer</source>
        <translation>프린터</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="187"/>
        <source>Details</source>
        <translation>내용</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="188"/>
        <source>Reprint…</source>
        <translation>재발행…</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="189"/>
        <source>Why is this label printed again?</source>
        <translation>이 라벨을 재발행하는 이유는 무엇입니까?</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="192"/>
        <source>Other reason</source>
        <translation>기타 사유</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="193"/>
        <source>Reprint</source>
        <translation>재발행</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="194"/>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="195"/>
        <source>Reason for cancelling</source>
        <translation>취소 사유</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="196"/>
        <source>Cancel job</source>
        <translation>작업 취소</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="197"/>
        <source>Preview</source>
        <translation>미리보기</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="203"/>
        <source>queued</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="203"/>
        <source>sending</source>
        <translation>전송 중</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="204"/>
        <source>printed</source>
        <translation>인쇄됨</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="204"/>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="205"/>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="208"/>
        <source>ready</source>
        <translation>준비</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="208"/>
        <source>printing</source>
        <translation>인쇄 중</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="209"/>
        <source>fault</source>
        <translation>이상</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="209"/>
        <source>offline</source>
        <translation>연결 끊김</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="210"/>
        <source>not checked</source>
        <translation>확인 전</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="230"/>
        <source>not usable</source>
        <translation>사용 불가</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="241"/>
        <source>No printer configured</source>
        <translation>설정된 프린터 없음</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="279"/>
        <location filename="../../screens/printers_screen.py" line="323"/>
        <source>REPRINT</source>
        <translation>재발행</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="319"/>
        <source>No print jobs yet.</source>
        <translation>인쇄 작업이 아직 없습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="324"/>
        <source>Label</source>
        <translation>라벨</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="324"/>
        <source>Tries</source>
        <translation>시도</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="332"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="335"/>
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="428"/>
        <source>Reprint queued as job %1.</source>
        <translation>재발행이 작업 %1(으)로 대기열에 추가되었습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/printers_screen.py" line="438"/>
        <source>Job %1 cancelled.</source>
        <translation>인쇄 작업 취소됨: %1</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <location filename="../../screens/widgets/quality_text.py" line="22"/>
        <source>GOOD</source>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/quality_text.py" line="22"/>
        <source>UNCERTAIN</source>
        <translation>불확실</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/quality_text.py" line="23"/>
        <source>BAD</source>
        <translation>불량 신호</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/quality_text.py" line="23"/>
        <source>STALE</source>
        <translation>갱신 안 됨</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message>
        <location filename="../../screens/refusal_text.py" line="22"/>
        <source>alarm {alarm_id} ({kind}) has no limit</source>
        <translation>경보 {alarm_id}({kind})에는 한계값이 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="23"/>
        <source>limit and deadband must be finite numbers (deadband &gt;= 0)</source>
        <translation>한계값과 불감대는 유한한 숫자여야 합니다 (불감대 &gt;= 0)</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="24"/>
        <source>a {kind} alarm needs a limit greater than 0</source>
        <translation>{kind} 경보의 한계값은 0보다 커야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="25"/>
        <source>alarm {alarm_id} is already acknowledged</source>
        <translation>이미 확인된 경보입니다: {alarm_id}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="26"/>
        <source>alarm {alarm_id} does not latch; it needs no reset</source>
        <translation>래치되지 않는 경보라 리셋할 필요가 없습니다: {alarm_id}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="27"/>
        <source>alarm {alarm_id} is not latched</source>
        <translation>래치 상태가 아닌 경보입니다: {alarm_id}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="28"/>
        <source>alarm {alarm_id} is still in alarm; it can be reset once it returns to normal</source>
        <translation>아직 발생 중인 경보입니다: {alarm_id}. 정상으로 복귀한 뒤에 리셋할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="29"/>
        <source>shelving needs a reason</source>
        <translation>보류하려면 사유를 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="30"/>
        <source>the shelve time must be longer than 0</source>
        <translation>보류 시간은 0보다 길어야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="31"/>
        <source>alarm {alarm_id} may be shelved for at most {minutes:g} min</source>
        <translation>경보 {alarm_id}: 최대 {minutes:g}분까지만 보류할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="32"/>
        <source>alarm {alarm_id} is out of service</source>
        <translation>사용 중지 상태인 경보입니다: {alarm_id}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="33"/>
        <source>alarm {alarm_id} is not shelved</source>
        <translation>보류 상태가 아닌 경보입니다: {alarm_id}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="34"/>
        <source>taking an alarm out of service needs a reason</source>
        <translation>경보를 사용 중지하려면 사유를 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="35"/>
        <source>alarm {alarm_id} is already out of service</source>
        <translation>이미 사용 중지 상태인 경보입니다: {alarm_id}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="36"/>
        <source>alarm {alarm_id} is in service</source>
        <translation>사용 중지 상태가 아닌 경보입니다: {alarm_id}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="37"/>
        <source>no alarm {alarm_id!r}</source>
        <translation>없는 경보입니다: {alarm_id!r}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="38"/>
        <source>nobody logged in may not do this ({permission})</source>
        <translation>로그인한 사용자가 없어 이 작업을 할 수 없습니다 ({permission})</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="39"/>
        <source>the {role} role may not do this ({permission})</source>
        <translation>{role} 역할로는 이 작업을 할 수 없습니다 ({permission})</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="40"/>
        <source>a PIN is made of digits only</source>
        <translation>PIN은 숫자로만 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="41"/>
        <source>a PIN has {min_length} to 12 digits</source>
        <translation>PIN은 {min_length}~12자리여야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="42"/>
        <source>a PIN must not repeat one digit</source>
        <translation>PIN은 같은 숫자만 반복할 수 없습니다 (예: 1111)</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="43"/>
        <source>Too many wrong PINs. This user is locked for {seconds} s.</source>
        <translation>PIN 오류가 너무 많습니다. 이 사용자는 {seconds}초 동안 잠깁니다.</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="44"/>
        <source>Too many unknown badges. Badge login is locked for {seconds} s; use your PIN.</source>
        <translation>알 수 없는 배지가 너무 많습니다. 배지 로그인이 {seconds}초 동안 잠깁니다. PIN을 사용하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="45"/>
        <source>a limit must be a finite number and a deadband finite and not negative</source>
        <translation>한계값은 유한한 숫자여야 하고, 데드밴드는 유한하며 음수가 아니어야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="46"/>
        <source>Unknown user or wrong PIN.</source>
        <translation>사용자 ID 또는 PIN이 올바르지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="47"/>
        <source>Badge not recognised.</source>
        <translation>등록되지 않은 사원증입니다.</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="48"/>
        <source>this station already has users; an admin adds new ones</source>
        <translation>이 스테이션에는 이미 사용자가 있습니다. 새 사용자는 관리자가 추가합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="49"/>
        <source>a username is 1 to 64 characters without spaces</source>
        <translation>사용자 ID는 공백 없이 1~64자여야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="50"/>
        <source>a display name is required</source>
        <translation>표시 이름을 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="51"/>
        <source>user {username!r} already exists</source>
        <translation>사용자 {username!r}이(가) 이미 있습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="52"/>
        <source>that badge already belongs to another user</source>
        <translation>이 사원증은 이미 다른 사용자에게 등록되어 있습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="53"/>
        <source>no user named {username!r}</source>
        <translation>사용자 {username!r}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="54"/>
        <source>writes need a station with users and a store</source>
        <translation>값을 쓰려면 사용자와 데이터 저장소가 설정된 스테이션이 필요합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="55"/>
        <source>no tag named {tag!r}</source>
        <translation>태그 {tag!r}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="56"/>
        <source>{tag} is not writable (set writable = true in its [tags] section)</source>
        <translation>{tag}은(는) 쓰기가 허용되지 않은 태그입니다 ([tags] 섹션에서 writable = true로 설정하십시오)</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="57"/>
        <source>{tag} has no working connection: {problem}</source>
        <translation>{tag}의 통신 연결이 동작하지 않습니다: {problem}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="58"/>
        <source>{value!r} is not a valid {data_type}</source>
        <translation>{value!r}은(는) 올바른 {data_type} 값이 아닙니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="59"/>
        <source>{tag} has no working connection: not connected</source>
        <translation>{tag}의 통신 연결이 동작하지 않습니다: 연결되지 않음</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="60"/>
        <source>{new} is below the lower limit {limit}</source>
        <translation>{new}은(는) 하한값 {limit}보다 작습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="61"/>
        <source>{new} is above the upper limit {limit}</source>
        <translation>{new}은(는) 상한값 {limit}보다 큽니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="62"/>
        <source>no print job {job_id}</source>
        <translation>인쇄 작업 {job_id}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="63"/>
        <source>print job {job_id} is {state}; only queued or failed jobs can be cancelled</source>
        <translation>인쇄 작업 {job_id}은(는) {state} 상태입니다. 대기 또는 실패 상태의 작업만 취소할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="64"/>
        <source>no printer is configured: add a [printers.&lt;name&gt;] section to station.toml</source>
        <translation>설정된 프린터가 없습니다: station.toml에 [printers.&lt;name&gt;] 섹션을 추가하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="65"/>
        <source>give a reason for cancelling the print job</source>
        <translation>인쇄 작업을 취소하는 사유를 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="66"/>
        <source>no one is logged in to print</source>
        <translation>인쇄하려면 먼저 로그인하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="67"/>
        <source>no defect #{defect_id}</source>
        <translation>불량 #{defect_id}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="68"/>
        <source>defect #{defect_id} has no lot</source>
        <translation>불량 #{defect_id}에 연결된 로트가 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="69"/>
        <source>quantity must be a whole number from 1 to {most}</source>
        <translation>수량은 1부터 {most}까지의 정수여야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="70"/>
        <source>this proposal was already handled</source>
        <translation>이 제안은 이미 처리되었습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="71"/>
        <source>no active lot: scan or type the lot number</source>
        <translation>진행 중인 로트가 없습니다: 로트 번호를 스캔하거나 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="72"/>
        <source>unknown defect code {code!r}</source>
        <translation>불량 코드 {code!r}을(를) 알 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="73"/>
        <source>no defect {defect_id}</source>
        <translation>불량 {defect_id}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="74"/>
        <source>no SPC characteristic {code!r}</source>
        <translation>SPC 특성 {code!r} 없음</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="75"/>
        <source>no SPC violation {violation_id}</source>
        <translation>SPC 위반 {violation_id} 없음</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="76"/>
        <source>unknown assignable cause {code!r}</source>
        <translation>알 수 없는 이상 원인 {code!r}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="77"/>
        <source>unknown corrective action {code!r}</source>
        <translation>알 수 없는 시정 조치 {code!r}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="78"/>
        <source>defect {defect_id} is already void</source>
        <translation>불량 {defect_id}은(는) 이미 무효화되었습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="79"/>
        <source>no lot {lot_no!r}</source>
        <translation>로트 {lot_no!r}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="80"/>
        <source>{value!r} is not a number</source>
        <translation>{value!r}은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="81"/>
        <source>{number:g} {unit} is outside the limits {lo} … {hi} {unit}; confirm again to record it flagged</source>
        <translation>{number:g} {unit}이(가) 규격 {lo} … {hi} {unit}을(를) 벗어났습니다. 이탈로 기록하려면 한 번 더 확인하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="82"/>
        <source>no instruction {instruction_id} version {version}</source>
        <translation>작업 지시서 {instruction_id} 버전 {version}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="83"/>
        <source>no active lot: start a lot before signing its instruction</source>
        <translation>진행 중인 로트가 없습니다: 작업 지시서에 서명하기 전에 로트를 시작하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="84"/>
        <source>lot {lot_no} has no work instruction</source>
        <translation>로트 {lot_no}에는 작업 지시서가 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="85"/>
        <source>instruction {instruction_id} version {instruction_version} is no longer in the master data</source>
        <translation>작업 지시서 {instruction_id} 버전 {instruction_version}이(가) 기준 정보에 더 이상 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="86"/>
        <source>no step {step}</source>
        <translation>단계 {step}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="87"/>
        <source>this step is signed by confirming it</source>
        <translation>이 단계는 확인 버튼을 눌러 서명합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="88"/>
        <source>every item of the checklist must be ticked</source>
        <translation>체크리스트의 모든 항목을 체크하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="89"/>
        <source>nothing to count</source>
        <translation>집계할 수량이 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="90"/>
        <source>no active lot at this station</source>
        <translation>이 스테이션에 진행 중인 로트가 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="91"/>
        <source>lot {lot_no} is paused; resume it first</source>
        <translation>로트 {lot_no}이(가) 일시 정지 상태입니다. 먼저 재개하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="92"/>
        <source>lot {lot_no} is still {status}; finish or abort it before starting another</source>
        <translation>로트 {lot_no}이(가) 아직 {status} 상태입니다. 다른 로트를 시작하기 전에 완료하거나 중단하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="93"/>
        <source>unknown work order {work_order!r}</source>
        <translation>작업 지시 {work_order!r}을(를) 알 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="98"/>
        <source>no downtime event {event_id}</source>
        <translation>정지 기록 {event_id}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="99"/>
        <source>a split must fall inside the downtime event</source>
        <translation>나누는 시점은 정지 시간 안에 있어야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="100"/>
        <source>the shift calendar is not valid: {problem}</source>
        <translation>근무 일정이 올바르지 않습니다: {problem}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="114"/>
        <source>lot {lot_no} is {status}; it cannot {action}</source>
        <translation>로트 {lot_no}은(는) {status} 상태라서 {action}할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="115"/>
        <source>{count_kind} correction must be a whole number from -{most} to {most}</source>
        <translation>{count_kind} 수량 정정은 -{most}부터 {most}까지의 정수여야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="116"/>
        <source>{quantity} parts were counted during the pause; accept them or assign them before resuming</source>
        <translation>일시 정지 중에 부품 {quantity}개가 계수되었습니다. 재개하기 전에 이 수량을 받아들이거나 지정하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="118"/>
        <source>lot number {lot_no!r} is not in this station&apos;s form, like {example}; the next free number is {proposal}</source>
        <translation>로트 번호 {lot_no!r}은(는) 이 스테이션의 형식이 아닙니다. 예: {example}, 다음 빈 번호: {proposal}</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="120"/>
        <source>lot number {lot_no!r} is not in this station&apos;s form</source>
        <translation>로트 번호 {lot_no!r}은(는) 이 스테이션의 형식이 아닙니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="94"/>
        <source>lot number {lot_no} was used before</source>
        <translation>로트 번호 {lot_no}은(는) 이미 사용되었습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="95"/>
        <source>instruction {instruction_id} version {version} must be acknowledged before a lot starts</source>
        <translation>로트를 시작하기 전에 작업 지시서 {instruction_id} 버전 {version}을(를) 확인해야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="96"/>
        <source>{count_kind} count must be a whole number from 0 to {most}</source>
        <translation>{count_kind} 수량은 0부터 {most}까지의 정수여야 합니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="97"/>
        <source>unknown downtime reason {reason_code!r}</source>
        <translation>정지 사유 {reason_code!r}을(를) 알 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="101"/>
        <source>lot {lot_no} is not paused</source>
        <translation>로트 {lot_no}은(는) 일시 정지 상태가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="102"/>
        <source>lot {lot_no} has no counts yet; count the parts before finishing</source>
        <translation>로트 {lot_no}에 아직 집계된 수량이 없습니다. 완료하기 전에 부품을 집계하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="103"/>
        <source>the counts changed to {good} good / {scrap} scrap; confirm again</source>
        <translation>수량이 양품 {good} / 불량품 {scrap}(으)로 바뀌었습니다. 다시 확인하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="104"/>
        <source>instruction steps {steps} are not signed off yet</source>
        <translation>작업 지시서 단계 {steps}에 아직 서명되지 않았습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="105"/>
        <source>a correction cannot make a count negative</source>
        <translation>정정으로 수량을 음수로 만들 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="106"/>
        <source>{field}: expected text</source>
        <translation>{field}: 텍스트를 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="107"/>
        <source>{field} is required</source>
        <translation>{field}을(를) 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="108"/>
        <source>{field} is too long ({length} characters; at most {max_length})</source>
        <translation>{field}이(가) 너무 깁니다 ({length}자, 최대 {max_length}자)</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="109"/>
        <source>{field} contains a control character (U+{code:04X}); remove it</source>
        <translation>{field}에 제어 문자(U+{code:04X})가 들어 있습니다. 삭제하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="110"/>
        <source>{field} contains a broken character (U+{code:04X}, half of a pair); type it again</source>
        <translation>{field}에 깨진 문자(U+{code:04X}, 쌍의 절반)가 있습니다. 다시 입력하세요</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="111"/>
        <source>event {event_id} is not in quarantine</source>
        <translation>이벤트 {event_id}은(는) 격리 상태가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="112"/>
        <source>give a reason for skipping the event: the MES will never receive it</source>
        <translation>이벤트를 건너뛰려면 사유를 입력하십시오. 이 이벤트는 MES로 전송되지 않습니다</translation>
    </message>
</context>
<context>
    <name>RefusalWord</name>
    <message>
        <location filename="../../screens/refusal_text.py" line="125"/>
        <source>operator</source>
        <translation>작업자</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="126"/>
        <source>inspector</source>
        <translation>검사원</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="127"/>
        <source>supervisor</source>
        <translation>감독자</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="128"/>
        <source>admin</source>
        <translation>관리자</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="130"/>
        <source>equipment.view</source>
        <translation>설비 보기</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="131"/>
        <source>equipment.write</source>
        <translation>설비 값 쓰기</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="132"/>
        <source>trends.view</source>
        <translation>추이 보기</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="133"/>
        <source>alarm.ack</source>
        <translation>경보 확인</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="134"/>
        <source>alarm.shelve</source>
        <translation>경보 보류</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="135"/>
        <source>alarm.reset</source>
        <translation>경보 리셋</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="136"/>
        <source>alarm.out_of_service</source>
        <translation>경보 사용 중지</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="137"/>
        <source>alarm.journal</source>
        <translation>경보 기록 보기</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="138"/>
        <source>alarm.limit</source>
        <translation>알람 한계값 변경</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="139"/>
        <source>lot.start</source>
        <translation>로트 시작</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="140"/>
        <source>lot.count</source>
        <translation>수량 집계</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="141"/>
        <source>lot.pause</source>
        <translation>로트 일시 정지</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="142"/>
        <source>lot.finish</source>
        <translation>로트 완료</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="143"/>
        <source>lot.abort</source>
        <translation>로트 중단</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="144"/>
        <source>lot.correct</source>
        <translation>로트 수량 정정</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="145"/>
        <source>instruction.sign</source>
        <translation>작업 지시서 서명</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="146"/>
        <source>defect.record</source>
        <translation>불량 기록</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="147"/>
        <source>defect.void</source>
        <translation>불량 무효화</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="148"/>
        <source>lot.history</source>
        <translation>로트 이력 보기</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="149"/>
        <source>label.print</source>
        <translation>라벨 인쇄</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="150"/>
        <source>label.reprint</source>
        <translation>라벨 재발행</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="151"/>
        <source>label.cancel</source>
        <translation>인쇄 작업 취소</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="152"/>
        <source>sync.manage</source>
        <translation>MES 동기화 관리</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="153"/>
        <source>masterdata.import</source>
        <translation>기준 정보 가져오기</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="154"/>
        <source>masterdata.replace</source>
        <translation>기준 정보 교체</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="155"/>
        <source>users.manage</source>
        <translation>사용자 관리</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="156"/>
        <source>kiosk.exit</source>
        <translation>스테이션 종료</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="157"/>
        <source>downtime.reason</source>
        <translation>정지 사유 입력</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="158"/>
        <source>oee.report</source>
        <translation>OEE 보고서 보기</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="159"/>
        <source>oee.calendar</source>
        <translation>근무 일정 변경</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="160"/>
        <source>audit.view</source>
        <translation>감사 기록 확인</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="162"/>
        <source>running</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="163"/>
        <source>paused</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="164"/>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="165"/>
        <source>aborted</source>
        <translation>중단</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="167"/>
        <source>count</source>
        <translation>계수</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="168"/>
        <source>pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="169"/>
        <source>resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="170"/>
        <source>finish</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="171"/>
        <source>abort</source>
        <translation>중단</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="172"/>
        <source>correct</source>
        <translation>정정</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="173"/>
        <source>counter</source>
        <translation>카운터 계수</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="175"/>
        <source>queued</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="176"/>
        <source>sending</source>
        <translation>전송 중</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="177"/>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="178"/>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="179"/>
        <source>cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="181"/>
        <source>hihi</source>
        <translation>상상한(HH)</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="182"/>
        <source>hi</source>
        <translation>상한(H)</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="183"/>
        <source>lo</source>
        <translation>하한(L)</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="184"/>
        <source>lolo</source>
        <translation>하하한(LL)</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="185"/>
        <source>deviation</source>
        <translation>편차</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="186"/>
        <source>discrete</source>
        <translation>디지털 상태</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="187"/>
        <source>bad_quality</source>
        <translation>신호 품질 불량</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="188"/>
        <source>rate_of_change</source>
        <translation>변화율</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="190"/>
        <source>Lot number</source>
        <translation>로트 번호</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="191"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="192"/>
        <source>Location</source>
        <translation>위치</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="193"/>
        <source>Serial</source>
        <translation>시리얼 번호</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="194"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="195"/>
        <source>Comment</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="196"/>
        <source>good</source>
        <translation>양품</translation>
    </message>
    <message>
        <location filename="../../screens/refusal_text.py" line="197"/>
        <source>scrap</source>
        <translation>불량품</translation>
    </message>
</context>
<context>
    <name>SpcRule</name>
    <message>
        <location filename="../../screens/spc_screen.py" line="41"/>
        <source>WE 1: 1 point beyond 3σ</source>
        <translation>WE 1: 3σ 밖의 점 1개</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="42"/>
        <source>WE 2: 2 of 3 points beyond 2σ, same side</source>
        <translation>WE 2: 연속 3점 중 2점이 같은 쪽 2σ 밖</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="43"/>
        <source>WE 3: 4 of 5 points beyond 1σ, same side</source>
        <translation>WE 3: 연속 5점 중 4점이 같은 쪽 1σ 밖</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="44"/>
        <source>WE 4: 8 points in a row on one side</source>
        <translation>WE 4: 한쪽에 연속 8점</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="45"/>
        <source>Nelson 1: 1 point beyond 3σ</source>
        <translation>Nelson 1: 3σ 밖의 점 1개</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="46"/>
        <source>Nelson 2: 9 points in a row on one side</source>
        <translation>Nelson 2: 한쪽에 연속 9점</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="47"/>
        <source>Nelson 3: 6 points rising or falling</source>
        <translation>Nelson 3: 연속 6점 상승 또는 하강</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="48"/>
        <source>Nelson 4: 14 points alternating up and down</source>
        <translation>Nelson 4: 14점 연속 오르내림 교대</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="49"/>
        <source>Nelson 5: 2 of 3 points beyond 2σ, same side</source>
        <translation>Nelson 5: 연속 3점 중 2점이 같은 쪽 2σ 밖</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="50"/>
        <source>Nelson 6: 4 of 5 points beyond 1σ, same side</source>
        <translation>Nelson 6: 연속 5점 중 4점이 같은 쪽 1σ 밖</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="51"/>
        <source>Nelson 7: 15 points in a row within 1σ</source>
        <translation>Nelson 7: 연속 15점이 1σ 안</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="52"/>
        <source>Nelson 8: 8 points in a row beyond 1σ</source>
        <translation>Nelson 8: 연속 8점이 1σ 밖</translation>
    </message>
</context>
<context>
    <name>SpcScreen</name>
    <message>
        <location filename="../../screens/spc_screen.py" line="180"/>
        <source>SPC</source>
        <translation>SPC 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="181"/>
        <source>── CL   ‒ ‒ control limits UCL/LCL   ··· 1σ/2σ zones
‒·‒ spec limits USL/LSL   ◆ rule number violated</source>
        <translation>── CL(중심선)   ‒ ‒ 관리 한계 UCL/LCL   ··· 1σ/2σ 구간
‒·‒ 규격 한계 USL/LSL   ◆ 위반한 규칙 번호</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="182"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="183"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="224"/>
        <source>No characteristics are configured for SPC on this station.</source>
        <translation>이 스테이션에는 SPC 특성이 설정되어 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="250"/>
        <source>No lot running</source>
        <translation>진행 중인 로트 없음</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="252"/>
        <source>No limit set</source>
        <translation>한계 세트 없음</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/spc_screen.py" line="254"/>
        <source>Baseline: %n point(s)</source>
        <translation>
            <numerusform>기준 수집: %n점</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="256"/>
        <location filename="../../screens/spc_screen.py" line="279"/>
        <source>Out of control: %1</source>
        <translation>관리 이탈: %1</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="258"/>
        <source>In control (last: %1)</source>
        <translation>관리 상태 (최근: %1)</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="259"/>
        <source>In control</source>
        <translation>관리 상태</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="266"/>
        <source>I-MR chart</source>
        <translation>I-MR 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="266"/>
        <source>X̄-R chart</source>
        <translation>X̄-R 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="266"/>
        <source>X̄-S chart</source>
        <translation>X̄-S 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="267"/>
        <source>p chart</source>
        <translation>p 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="267"/>
        <source>np chart</source>
        <translation>np 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="267"/>
        <source>c chart</source>
        <translation>c 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="267"/>
        <source>u chart</source>
        <translation>u 관리도</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="271"/>
        <source>No limit set for this lot: the centre has sent none.</source>
        <translation>이 로트의 한계 세트 없음: 본사에서 보내지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="273"/>
        <source>TRIAL limits %1, computed at the station from the baseline; not a limit set from the centre</source>
        <translation>시험 한계 %1: 스테이션에서 기준 데이터로 계산함, 본사 한계 세트 아님</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="275"/>
        <source>Limit set %1 (from the centre)</source>
        <translation>한계 세트 %1 (본사)</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="277"/>
        <source>No lot running.</source>
        <translation>진행 중인 로트가 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/spc_screen.py" line="281"/>
        <source>Collecting the baseline for trial limits: %n point(s)</source>
        <translation>
            <numerusform>시험 한계용 기준 수집 중: %n점</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/spc_screen.py" line="285"/>
        <source>In control · lot %1 · %n point(s)</source>
        <translation>
            <numerusform>관리 상태 · 로트 %1 · %n점</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="283"/>
        <source>Values are not judged until a limit set arrives.</source>
        <translation>한계 세트가 올 때까지 값을 판정하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="288"/>
        <source>CL</source>
        <translation>CL</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="288"/>
        <source>UCL</source>
        <translation>UCL</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="288"/>
        <source>LCL</source>
        <translation>LCL</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="288"/>
        <source>USL</source>
        <translation>USL</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="289"/>
        <source>LSL</source>
        <translation>LSL</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="294"/>
        <source>Record cause (%1)</source>
        <translation>원인 기록 (%1)</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="303"/>
        <source>Cp %1 · Cpk %2 · Pp %3 · Ppk %4 · %5 values</source>
        <translation>Cp %1 · Cpk %2 · Pp %3 · Ppk %4 · 값 %5개</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="305"/>
        <source>too few values to rely on</source>
        <translation>값이 적어 신뢰 불가</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="305"/>
        <source>not in control</source>
        <translation>관리 이탈 상태</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="306"/>
        <source>no spec limits</source>
        <translation>규격 한계 없음</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="306"/>
        <source>the values do not vary</source>
        <translation>값의 변동 없음</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="307"/>
        <source>several limit-set versions</source>
        <translation>여러 한계 세트 버전</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="334"/>
        <source>%1 at point %2 (%3): choose the assignable cause and the corrective action</source>
        <translation>%1, %2번째 점 (%3): 이상 원인과 시정 조치를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../../screens/spc_screen.py" line="352"/>
        <source>Cause recorded.</source>
        <translation>원인이 기록되었습니다.</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="102"/>
        <source>not configured</source>
        <translation>설정 안 됨</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="103"/>
        <source>online</source>
        <translation>온라인</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="104"/>
        <source>offline</source>
        <translation>연결 끊김</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="105"/>
        <source>connecting</source>
        <translation>연결 중</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="106"/>
        <source>no connection</source>
        <translation>연결 없음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="107"/>
        <source>checking printers</source>
        <translation>프린터 확인 중</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="108"/>
        <source>no equipment connections</source>
        <translation>설비 연결 없음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="109"/>
        <source>no history sinks</source>
        <translation>이력 업로드 대상 없음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="110"/>
        <source>no printer configured</source>
        <translation>설정된 프린터 없음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="111"/>
        <source>disabled in the config</source>
        <translation>설정에서 꺼짐</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="112"/>
        <source>cannot start</source>
        <translation>시작할 수 없음</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="113"/>
        <source>not started</source>
        <translation>시작 안 됨</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="114"/>
        <source>starting</source>
        <translation>시작 중</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="115"/>
        <source>%n connected</source>
        <translation>
            <numerusform>%n개 연결됨</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="116"/>
        <source>%1 of %2 connected</source>
        <translation>%2개 중 %1개 연결됨</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="117"/>
        <source>%n printer(s) ready</source>
        <translation>
            <numerusform>프린터 %n대 준비됨</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="118"/>
        <source>%n waiting</source>
        <translation>
            <numerusform>%n건 대기 중</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="119"/>
        <source>%n quarantined</source>
        <translation>
            <numerusform>%n건 격리됨</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="120"/>
        <source>new work orders: %1</source>
        <translation>새 작업 지시: %1</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="121"/>
        <source>needs configuration</source>
        <translation>설정 필요</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="122"/>
        <source>records are saved</source>
        <translation>기록 저장 중</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="123"/>
        <source>the station&apos;s disk is full: records are not being saved; call maintenance</source>
        <translation>스테이션 디스크가 가득 찼습니다: 기록이 저장되지 않습니다. 정비 담당자를 부르세요</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="124"/>
        <source>a record could not be saved (%1)</source>
        <translation>기록을 저장하지 못했습니다 (%1)</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="125"/>
        <source>cannot reach the MES at %1</source>
        <translation>MES에 연결할 수 없습니다 (%1)</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="126"/>
        <source>no connection named %1 in the config (none configured)</source>
        <translation>설정에 %1 연결이 없습니다 (설정된 연결 없음)</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="127"/>
        <source>no connection named %1 in the config (known: %2)</source>
        <translation>설정에 %1 연결이 없습니다 (설정된 연결: %2)</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="128"/>
        <source>address scheme %1 does not match connection %2 (driver %3)</source>
        <translation>주소 방식과 연결의 드라이버가 다릅니다 (방식 %1, 연결 %2, 드라이버 %3)</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="129"/>
        <source>master data not fetched: %1</source>
        <translation>기준 정보를 받지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="135"/>
        <source>OK</source>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="136"/>
        <source>check</source>
        <translation>확인 필요</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="137"/>
        <source>failed</source>
        <translation>오류</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="138"/>
        <source>off</source>
        <translation>꺼짐</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="130"/>
        <source>%1: %n row(s) waiting</source>
        <translation>
            <numerusform>%1: %n행 대기 중</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="131"/>
        <source>%1: up to date</source>
        <translation>%1: 최신 상태</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="132"/>
        <source>reconnecting</source>
        <translation>다시 연결 중</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_text.py" line="133"/>
        <source>restarting</source>
        <translation>다시 시작 중</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/widgets/status_text.py" line="134"/>
        <source>%n row(s) deleted before upload (disk limit)</source>
        <translation>
            <numerusform>업로드 전에 %n행 삭제됨(디스크 한도)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncEventText</name>
    <message>
        <location filename="../../screens/sync_event_text.py" line="12"/>
        <source>Lot started</source>
        <translation>로트 시작</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="13"/>
        <source>Lot paused</source>
        <translation>로트 일시정지</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="14"/>
        <source>Lot resumed</source>
        <translation>로트 재개</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="15"/>
        <source>Lot finished</source>
        <translation>로트 완료</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="16"/>
        <source>Lot aborted</source>
        <translation>로트 중단</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="17"/>
        <source>Lot counts corrected</source>
        <translation>로트 수량 정정</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="18"/>
        <source>Late counts</source>
        <translation>늦게 집계된 수량</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="19"/>
        <source>Defect recorded</source>
        <translation>불량 기록</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="20"/>
        <source>Defect voided</source>
        <translation>불량 무효화</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="21"/>
        <source>Instruction step signed</source>
        <translation>작업 지시 단계 서명</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="22"/>
        <source>Alarm raised</source>
        <translation>알람 발생</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="23"/>
        <source>Alarm returned to normal</source>
        <translation>알람 정상 복귀</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="24"/>
        <source>Alarm acknowledged</source>
        <translation>알람 확인</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="25"/>
        <source>Alarm reset</source>
        <translation>알람 래치 리셋</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="26"/>
        <source>Alarm shelved</source>
        <translation>알람 보류</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="27"/>
        <source>Alarm unshelved</source>
        <translation>알람 보류 해제</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="28"/>
        <source>Alarm suppressed</source>
        <translation>알람 억제</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="29"/>
        <source>Alarm no longer suppressed</source>
        <translation>알람 억제 해제</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="30"/>
        <source>Alarm out of service</source>
        <translation>알람 사용 중지</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="31"/>
        <source>Alarm back in service</source>
        <translation>알람 사용 재개</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="32"/>
        <source>Alarm limit changed</source>
        <translation>알람 한계값 변경</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="33"/>
        <source>Label printed</source>
        <translation>라벨 인쇄</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="34"/>
        <source>Station status</source>
        <translation>스테이션 상태</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="35"/>
        <source>SPC rule violated</source>
        <translation>SPC 규칙 위반</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="36"/>
        <source>History deleted unsent</source>
        <translation>전송 전에 삭제된 이력</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="37"/>
        <source>Audit trail check</source>
        <translation>감사 기록 확인</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="38"/>
        <source>Downtime started</source>
        <translation>비가동 시작</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="39"/>
        <source>Downtime ended</source>
        <translation>비가동 종료</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="40"/>
        <source>Downtime reason set</source>
        <translation>비가동 사유 지정</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="41"/>
        <source>Shift closed (OEE)</source>
        <translation>교대 마감 (OEE)</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="44"/>
        <source>Lot %1</source>
        <translation>로트 %1</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="45"/>
        <source>Defect %1</source>
        <translation>불량 %1</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="46"/>
        <source>This station</source>
        <translation>이 스테이션</translation>
    </message>
    <message>
        <location filename="../../screens/sync_event_text.py" line="47"/>
        <source>Audit trail</source>
        <translation>감사 기록</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../screens/sync_screen.py" line="119"/>
        <source>MES sync</source>
        <translation>MES 동기화</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="120"/>
        <source>Connection</source>
        <translation>연결</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="120"/>
        <source>Last successful sync</source>
        <translation>마지막 동기화 성공</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="121"/>
        <source>Waiting to send</source>
        <translation>전송 대기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="121"/>
        <source>Master data</source>
        <translation>기준 정보</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="123"/>
        <source>Refused by the MES (quarantined)</source>
        <translation>MES가 거부한 이벤트 (격리됨)</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="124"/>
        <source>No.</source>
        <translation>번호</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="124"/>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="124"/>
        <source>About</source>
        <translation>대상</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="125"/>
        <source>Reason from the MES</source>
        <translation>MES 거부 사유</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="125"/>
        <source>Waiting behind</source>
        <translation>뒤에 대기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="126"/>
        <source>Reason (required to skip)</source>
        <translation>사유 (건너뛰기 시 필수)</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="127"/>
        <source>Send again</source>
        <translation>다시 보내기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="128"/>
        <source>Skip event</source>
        <translation>이벤트 건너뛰기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="129"/>
        <source>Events of the same lot or alarm wait behind a refused event; all other events keep flowing. Skipped events never reach the MES.</source>
        <translation>같은 로트나 알람의 이벤트는 거부된 이벤트 뒤에서 대기하고, 다른 이벤트는 계속 전송됩니다. 건너뛴 이벤트는 MES에 전달되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="140"/>
        <source>Not configured</source>
        <translation>설정 안 됨</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="141"/>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="142"/>
        <source>Online</source>
        <translation>온라인</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="143"/>
        <source>Offline — storing events</source>
        <translation>오프라인 — 이벤트 저장 중</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="144"/>
        <source>Needs configuration — storing events</source>
        <translation>설정 필요 — 이벤트 저장 중</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="145"/>
        <source>Failed, restarting — storing events</source>
        <translation>오류, 재시작 중 — 이벤트 저장 중</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="152"/>
        <source>next try in {0}</source>
        <translation>{0} 후 재시도</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="161"/>
        <source>{0} ago</source>
        <translation>{0} 전</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="164"/>
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/sync_screen.py" line="165"/>
        <source>%n event(s)</source>
        <translation>
            <numerusform>이벤트 %n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/sync_screen.py" line="169"/>
        <source>%n held behind refused events</source>
        <translation>
            <numerusform>거부된 이벤트 뒤에 %n건 대기</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="167"/>
        <source>oldest {0} old</source>
        <translation>가장 오래된 것 {0} 전</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="171"/>
        <source>none received yet</source>
        <translation>아직 받지 않음</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="177"/>
        <source>Sending… %v of %m</source>
        <translation>전송 중… %m건 중 %v건</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="188"/>
        <source>New work orders from the MES: {0}</source>
        <translation>MES에서 새 작업 지시: {0}</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="237"/>
        <source>Event {0} will be sent again.</source>
        <translation>다시 보낼 이벤트: {0}</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="240"/>
        <source>Event {0} skipped.</source>
        <translation>건너뛴 이벤트: {0}</translation>
    </message>
</context>
<context>
    <name>SystemScreen</name>
    <message>
        <location filename="../../screens/system_screen.py" line="67"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="68"/>
        <source>Data folder</source>
        <translation>데이터 폴더</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="68"/>
        <source>Log file</source>
        <translation>로그 파일</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="68"/>
        <source>Database schema version</source>
        <translation>데이터베이스 스키마 버전</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="73"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="74"/>
        <source>Verify audit trail</source>
        <translation>감사 기록 검증</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="75"/>
        <source>Close the station (admin)</source>
        <translation>스테이션 종료 (관리자)</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="110"/>
        <source>%1 (at the command line)</source>
        <translation>명령줄의 %1</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="112"/>
        <source>a login at the command line</source>
        <translation>명령줄의 알 수 없는 사용자</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="114"/>
        <source>The audit key was replaced on %1 by %2. Entries before #%3 were signed with the old key: they are checked against the head the MES acknowledged (#%4).</source>
        <translation>감사 키가 %1에 교체되었습니다(교체한 사람: %2). %3번 항목 이전의 항목은 이전 키로 서명되어, MES가 확인한 헤드(%4번 항목)와 대조하여 검사합니다.</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="117"/>
        <source>The audit key was replaced on %1 by %2. Entries before #%3 were signed with the old key: up to #%4 they are checked against the head the MES acknowledged, after it only for how they link up.</source>
        <translation>감사 키가 %1에 교체되었습니다(교체한 사람: %2). %3번 항목 이전의 항목은 이전 키로 서명되었습니다. %4번 항목까지는 MES가 확인한 헤드와 대조하여 검사하고, 그 이후는 연결 관계만 검사합니다.</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="121"/>
        <source>The audit key was replaced on %1 by %2. Entries before #%3 were signed with the old key and are checked only for how they link up.</source>
        <translation>감사 키가 %1에 교체되었습니다(교체한 사람: %2). %3번 항목 이전의 항목은 이전 키로 서명되어 연결 관계만 검사합니다.</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="129"/>
        <source>Users</source>
        <translation>사용자</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/system_screen.py" line="140"/>
        <source>Audit trail intact: %n entries.</source>
        <translation>
            <numerusform>감사 기록 정상: %n건.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="142"/>
        <source>Audit trail BROKEN at entry %1: %2</source>
        <translation>감사 기록 손상: %1번 항목: %2</translation>
    </message>
</context>
<context>
    <name>TimeRangeDialog</name>
    <message>
        <location filename="../../screens/trend_dialogs.py" line="90"/>
        <source>Time range</source>
        <translation>기간</translation>
    </message>
    <message>
        <location filename="../../screens/trend_dialogs.py" line="93"/>
        <source>From</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../screens/trend_dialogs.py" line="93"/>
        <source>To</source>
        <translation>끝</translation>
    </message>
</context>
<context>
    <name>TrendDialogs</name>
    <message>
        <location filename="../../screens/trend_dialogs.py" line="23"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../screens/trend_dialogs.py" line="24"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>TrendsScreen</name>
    <message>
        <location filename="../../screens/trends_screen.py" line="203"/>
        <source>Trends</source>
        <translation>트렌드</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="204"/>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="205"/>
        <source>History</source>
        <translation>이력</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="206"/>
        <source>Range…</source>
        <translation>기간…</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="207"/>
        <source>Pens…</source>
        <translation>펜…</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="208"/>
        <source>Shared % axis</source>
        <translation>공통 % 축</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="209"/>
        <location filename="../../screens/trends_screen.py" line="519"/>
        <source>Save view</source>
        <translation>보기 저장</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="210"/>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="211"/>
        <source>PNG</source>
        <translation>PNG</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/trends_screen.py" line="242"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n분</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/trends_screen.py" line="244"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n시간</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/trends_screen.py" line="246"/>
        <source>%n d</source>
        <translation>
            <numerusform>%n일</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="383"/>
        <source>%1 – %2 · %3 points · %4 ms</source>
        <translation>%1 – %2 · %3개 점 · %4 ms</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="476"/>
        <location filename="../../screens/trends_screen.py" line="486"/>
        <source>Cursor at %1</source>
        <translation>커서 %1</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="502"/>
        <source>View “%1” saved</source>
        <translation>보기 “%1” 저장됨</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="520"/>
        <source>Name of this view</source>
        <translation>이 보기의 이름</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="529"/>
        <source>Saved views</source>
        <translation>저장된 보기</translation>
    </message>
    <message>
        <location filename="../../screens/trends_screen.py" line="555"/>
        <location filename="../../screens/trends_screen.py" line="567"/>
        <source>Exported to %1</source>
        <translation>내보냄: %1</translation>
    </message>
</context>
<context>
    <name>WriteDialog</name>
    <message>
        <location filename="../../screens/equipment_screen.py" line="150"/>
        <source>Change %1</source>
        <translation>%1 변경</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="151"/>
        <source>Current value: %1</source>
        <translation>현재 값: %1</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="152"/>
        <source>Allowed: %1</source>
        <translation>허용 범위: %1</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="154"/>
        <source>New value</source>
        <translation>새 값</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="159"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="160"/>
        <source>Confirm write</source>
        <translation>쓰기 확인</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="177"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
</TS>
