<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>EquipmentScreen</name>
    <message>
        <location filename="../../screens/equipment_screen.py" line="335"/>
        <source>Idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="335"/>
        <source>Running</source>
        <translation>운전</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="335"/>
        <source>Fault</source>
        <translation>고장</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="335"/>
        <source>Maintenance</source>
        <translation>정비</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="353"/>
        <source>connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="353"/>
        <source>connecting</source>
        <translation>연결 중</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="354"/>
        <source>degraded</source>
        <translation>일부 장애</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="354"/>
        <source>failed</source>
        <translation>연결 실패</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="355"/>
        <source>disabled</source>
        <translation>사용 안 함</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="370"/>
        <source>Tap a value for its detail</source>
        <translation>값을 누르면 상세 정보가 표시됩니다</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="377"/>
        <source>Range</source>
        <translation>범위</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="378"/>
        <source>Problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="412"/>
        <source>Not written: %1</source>
        <translation>쓰지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="415"/>
        <source>%1 set to %2 (confirmed by read-back)</source>
        <translation>%1: %2(으)로 설정됨 (다시 읽어 확인)</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="418"/>
        <source>%1 written, but the read-back shows %2</source>
        <translation>%1 쓰기 완료, 그러나 다시 읽은 값은 %2</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="423"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="425"/>
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="428"/>
        <source>Recent values</source>
        <translation>최근 값</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="429"/>
        <source>Change value…</source>
        <translation>값 변경…</translation>
    </message>
</context>
<context>
    <name>FirstAdminScreen</name>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="67"/>
        <source>Set up this station</source>
        <translation>스테이션 초기 설정</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="68"/>
        <source>No users exist yet. Create the administrator who will add the other users.</source>
        <translation>등록된 사용자가 없습니다. 다른 사용자를 추가할 관리자를 만드세요.</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="69"/>
        <source>User ID</source>
        <translation>사용자 ID</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="69"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="69"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="70"/>
        <source>PIN again</source>
        <translation>PIN 확인</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="72"/>
        <source>Create administrator</source>
        <translation>관리자 만들기</translation>
    </message>
    <message>
        <location filename="../../screens/first_admin_screen.py" line="81"/>
        <source>The two PINs differ.</source>
        <translation>두 PIN이 서로 다릅니다.</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../screens/header_bar.py" line="83"/>
        <source>No active lot</source>
        <translation>진행 중인 로트 없음</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="89"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="90"/>
        <source>MES</source>
        <translation>MES</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="91"/>
        <source>Printer</source>
        <translation>프린터</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="94"/>
        <source>Sign out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="108"/>
        <source>Not signed in</source>
        <translation>로그인 안 됨</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="114"/>
        <source>Operator</source>
        <translation>작업자</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="115"/>
        <source>Inspector</source>
        <translation>검사원</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="116"/>
        <source>Supervisor</source>
        <translation>감독자</translation>
    </message>
    <message>
        <location filename="../../screens/header_bar.py" line="117"/>
        <source>Admin</source>
        <translation>관리자</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../screens/login_screen.py" line="81"/>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="82"/>
        <source>Scan your badge, or enter your user ID and PIN.</source>
        <translation>사원증을 스캔하거나 사용자 ID와 PIN을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="83"/>
        <source>User ID or badge</source>
        <translation>사용자 ID 또는 사원증</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="84"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="143"/>
        <source>Enter your user ID first.</source>
        <translation>먼저 사용자 ID를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="147"/>
        <source>Enter your PIN.</source>
        <translation>PIN을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="157"/>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/login_screen.py" line="175"/>
        <source>Too many wrong PINs. This user is locked for %n second(s).</source>
        <translation>
            <numerusform>PIN 오류가 너무 많습니다. 이 사용자는 %n초 동안 잠깁니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="178"/>
        <source>Badge not recognised.</source>
        <translation>등록되지 않은 사원증입니다.</translation>
    </message>
    <message>
        <location filename="../../screens/login_screen.py" line="179"/>
        <source>Unknown user or wrong PIN.</source>
        <translation>사용자 ID 또는 PIN이 올바르지 않습니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../screens/main_window.py" line="191"/>
        <source>Not allowed for your role: %1</source>
        <translation>현재 역할로는 허용되지 않습니다: %1</translation>
    </message>
    <message>
        <location filename="../../screens/main_window.py" line="194"/>
        <source>Something went wrong: %1. Details are in %2.</source>
        <translation>오류가 발생했습니다: %1. 자세한 내용: %2</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../screens/registry.py" line="48"/>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="49"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="50"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/registry.py" line="51"/>
        <source>MES sync</source>
        <translation>MES 동기화</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <location filename="../../screens/overview_screen.py" line="48"/>
        <source>Station</source>
        <translation>스테이션</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="48"/>
        <source>Line</source>
        <translation>라인</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="48"/>
        <source>Area</source>
        <translation>구역</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="49"/>
        <source>Overview</source>
        <translation>개요</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="53"/>
        <source>Signed in</source>
        <translation>로그인 사용자</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="53"/>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="53"/>
        <source>since</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="66"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="66"/>
        <source>MES</source>
        <translation>MES</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="66"/>
        <source>Printer</source>
        <translation>프린터</translation>
    </message>
    <message>
        <location filename="../../screens/overview_screen.py" line="67"/>
        <source>Connections</source>
        <translation>연결 상태</translation>
    </message>
</context>
<context>
    <name>StatusChip</name>
    <message>
        <location filename="../../screens/widgets/status_chip.py" line="34"/>
        <source>OK</source>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_chip.py" line="35"/>
        <source>connecting</source>
        <translation>연결 중</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_chip.py" line="36"/>
        <source>check</source>
        <translation>확인 필요</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_chip.py" line="37"/>
        <source>failed</source>
        <translation>오류</translation>
    </message>
    <message>
        <location filename="../../screens/widgets/status_chip.py" line="38"/>
        <source>off</source>
        <translation>사용 안 함</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../screens/sync_screen.py" line="122"/>
        <source>MES sync</source>
        <translation>MES 동기화</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="123"/>
        <source>Connection</source>
        <translation>연결</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="123"/>
        <source>Last successful sync</source>
        <translation>마지막 동기화 성공</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="124"/>
        <source>Waiting to send</source>
        <translation>전송 대기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="124"/>
        <source>Master data</source>
        <translation>기준 정보</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="126"/>
        <source>Refused by the MES (quarantined)</source>
        <translation>MES가 거부한 이벤트 (격리됨)</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="127"/>
        <source>No.</source>
        <translation>번호</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="127"/>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="127"/>
        <source>About</source>
        <translation>대상</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="128"/>
        <source>Reason from the MES</source>
        <translation>MES 거부 사유</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="128"/>
        <source>Waiting behind</source>
        <translation>뒤에 대기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="129"/>
        <source>Reason (required to skip)</source>
        <translation>사유 (건너뛰기 시 필수)</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="130"/>
        <source>Send again</source>
        <translation>다시 보내기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="131"/>
        <source>Skip event</source>
        <translation>이벤트 건너뛰기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="132"/>
        <source>Events of the same lot or alarm wait behind a refused event; all other events keep flowing. Skipped events never reach the MES.</source>
        <translation>같은 로트나 알람의 이벤트는 거부된 이벤트 뒤에서 대기하고, 다른 이벤트는 계속 전송됩니다. 건너뛴 이벤트는 MES에 전달되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="142"/>
        <source>Not configured</source>
        <translation>설정 안 됨</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="143"/>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="144"/>
        <source>Online</source>
        <translation>온라인</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="145"/>
        <source>Offline — storing events</source>
        <translation>오프라인 — 이벤트 저장 중</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="151"/>
        <source>next try in {0}</source>
        <translation>{0} 후 재시도</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="157"/>
        <source>{0} ago</source>
        <translation>{0} 전</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="160"/>
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="161"/>
        <source>{0} events</source>
        <translation>이벤트 {0}건</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="163"/>
        <source>oldest {0} old</source>
        <translation>가장 오래된 것 {0} 전</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="165"/>
        <source>{0} held behind refused events</source>
        <translation>거부된 이벤트 뒤에 {0}건 대기</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="167"/>
        <source>none received yet</source>
        <translation>아직 받지 않음</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="173"/>
        <source>Sending… %v of %m</source>
        <translation>전송 중… %m건 중 %v건</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="177"/>
        <source>New work orders from the MES: {0}</source>
        <translation>MES에서 새 작업 지시: {0}</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="223"/>
        <source>Event {0} will be sent again.</source>
        <translation>이벤트 {0}을(를) 다시 보냅니다.</translation>
    </message>
    <message>
        <location filename="../../screens/sync_screen.py" line="226"/>
        <source>Event {0} skipped.</source>
        <translation>이벤트 {0}을(를) 건너뛰었습니다.</translation>
    </message>
</context>
<context>
    <name>SystemScreen</name>
    <message>
        <location filename="../../screens/system_screen.py" line="56"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="57"/>
        <source>Data folder</source>
        <translation>데이터 폴더</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="57"/>
        <source>Log file</source>
        <translation>로그 파일</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="57"/>
        <source>Database schema version</source>
        <translation>데이터베이스 스키마 버전</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="62"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="63"/>
        <source>Verify audit trail</source>
        <translation>감사 기록 검증</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="64"/>
        <source>Close the station (admin)</source>
        <translation>스테이션 종료 (관리자)</translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="76"/>
        <source>Users</source>
        <translation>사용자</translation>
    </message>
    <message numerus="yes">
        <location filename="../../screens/system_screen.py" line="84"/>
        <source>Audit trail intact: %n entries.</source>
        <translation>
            <numerusform>감사 기록 정상: %n건.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../screens/system_screen.py" line="86"/>
        <source>Audit trail BROKEN at entry %1: %2</source>
        <translation>감사 기록 손상: %1번 항목: %2</translation>
    </message>
</context>
<context>
    <name>WriteDialog</name>
    <message>
        <location filename="../../screens/equipment_screen.py" line="138"/>
        <source>Change %1</source>
        <translation>%1 변경</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="139"/>
        <source>Current value: %1</source>
        <translation>현재 값: %1</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="140"/>
        <source>Allowed: %1</source>
        <translation>허용 범위: %1</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="142"/>
        <source>New value</source>
        <translation>새 값</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="147"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="148"/>
        <source>Confirm write</source>
        <translation>쓰기 확인</translation>
    </message>
    <message>
        <location filename="../../screens/equipment_screen.py" line="165"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
</context>
</TS>
