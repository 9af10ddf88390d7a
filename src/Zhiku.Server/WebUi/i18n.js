// UI texts in English and Chinese. The language follows the browser and can be switched; the choice is remembered.
window.ZhikuI18n = (function () {
  const texts = {
    en: {
      signInTitle: 'Sign in', userName: 'User name', password: 'Password or API key', signIn: 'Sign in', signOut: 'Sign out',
      knowledgeBase: 'Knowledge base', chat: 'Chat', manage: 'Manage', newChat: 'New chat', history: 'History',
      emptyChat: 'Ask a question about the documents in this knowledge base. Every answer cites its sources.',
      askPlaceholder: 'Ask a question… (Enter to send, Shift+Enter for a new line)', send: 'Send', source: 'Source',
      openOriginal: 'Open the original document', knowledgeBases: 'Knowledge bases', name: 'Name', policy: 'Policy',
      documents: 'Documents', yourRole: 'Your role', newKbName: 'New knowledge base name', personal: 'Personal (only me)',
      create: 'Create', documentsOf: 'Documents of', dropFiles: 'Choose or drop files (md, docx, pdf, html, txt, csv, json, xlsx, pptx, eml, mbox, epub, doc, xls, ppt, rtf, odt, wps…)',
      groupsPlaceholder: 'Groups allowed to read (optional, comma-separated)', upload: 'Upload', title: 'Title', format: 'Format',
      pagesTotal: '{0} pages', pagesOcr: '{0} OCR', pagesEmpty: '{0} empty', pagesSkipped: '{0} not read',
      size: 'Size', chunks: 'Chunks', groups: 'Groups', status: 'Status', whoHasAccess: 'Who has access', user: 'User', role: 'Role',
      accessUserPlaceholder: 'User name, or * for everyone', grant: 'Grant', remove: 'Remove', delete: 'Delete', reindex: 'Re-index',
      sources: 'Sources', notSupported: 'Not supported by the sources', closest: 'Closest documents', notFound: 'Not found',
      extractive: 'Quoted from your documents (no model used)', owner: 'Owner', everyone: 'everyone', noKb: 'No knowledge base yet. Create one under Manage.',
      confirmDeleteKb: 'Delete knowledge base "{0}" and all its documents?', confirmDeleteDoc: 'Delete document "{0}"?',
      uploading: 'uploading', queued: 'queued', running: 'indexing', completed: 'done', failed: 'failed', indexed: 'indexed', indexing: 'indexing',
      wrongSignIn: 'Wrong user name or password.', thinking: 'Searching the documents…', page: 'p.', select: 'select',
      personalKb: 'personal', signedInAs: 'Signed in as', readOnly: 'You can read this knowledge base; managing it needs the editor role.',
      nothingShared: 'No knowledge base has been shared with you yet. Ask its owner or an administrator to give you access.',
      readerPersonalOnly: 'As a reader you can create personal knowledge bases (only you can see them).',
      stop: 'Stop', stopped: 'Stopped.', copy: 'Copy', copied: 'Copied', regenerate: 'Regenerate', helpful: 'Helpful', notHelpful: 'Not helpful',
      feedbackComment: 'What was good or wrong? (optional)', sendComment: 'Send comment', feedbackThanks: 'Thank you, saved.',
      searchDocs: 'Search documents by title or file', prevPage: 'Previous', nextPage: 'Next', pageInfo: '{0}–{1} of {2}',
      noDocs: 'No documents yet.', noMatchingDocs: 'No document matches.', partlyDone: 'partly done', uploadNetworkError: 'The upload was interrupted (network error).',
    },
    zh: {
      signInTitle: '登录', userName: '用户名', password: '密码或 API key', signIn: '登录', signOut: '退出',
      knowledgeBase: '知识库', chat: '问答', manage: '管理', newChat: '新对话', history: '历史对话',
      emptyChat: '就知识库中的文档提问，每个回答都附带出处。',
      askPlaceholder: '输入问题…（Enter 发送，Shift+Enter 换行）', send: '发送', source: '出处',
      openOriginal: '打开原始文档', knowledgeBases: '知识库', name: '名称', policy: '数据策略',
      documents: '文档数', yourRole: '我的角色', newKbName: '新知识库名称', personal: '个人知识库（仅自己可见）',
      create: '创建', documentsOf: '文档：', dropFiles: '选择或拖入文件（md、docx、pdf、html、txt、csv、json、xlsx、pptx、eml、mbox、epub、doc、xls、ppt、rtf、odt、wps 等）',
      groupsPlaceholder: '可阅读的分组（可选，逗号分隔）', upload: '上传', title: '标题', format: '格式',
      pagesTotal: '{0} 页', pagesOcr: '{0} 页 OCR', pagesEmpty: '{0} 页为空', pagesSkipped: '{0} 页未识别',
      size: '大小', chunks: '分块', groups: '分组', status: '状态', whoHasAccess: '访问权限', user: '用户', role: '角色',
      accessUserPlaceholder: '用户名，* 表示所有人', grant: '授权', remove: '移除', delete: '删除', reindex: '重建索引',
      sources: '引用', notSupported: '未在资料中找到依据', closest: '最相近的文档', notFound: '未找到',
      extractive: '摘录式回答：直接引自文档，未使用模型', owner: '所有者', everyone: '所有人', noKb: '还没有知识库，请在“管理”中创建。',
      confirmDeleteKb: '删除知识库“{0}”及其全部文档？', confirmDeleteDoc: '删除文档“{0}”？',
      uploading: '上传中', queued: '排队中', running: '索引中', completed: '完成', failed: '失败', indexed: '已索引', indexing: '索引中',
      wrongSignIn: '用户名或密码错误。', thinking: '正在检索文档…', page: '第', select: '选择',
      personalKb: '个人', signedInAs: '当前用户', readOnly: '您可以阅读此知识库；管理需要编辑者角色。',
      nothingShared: '还没有人与您共享知识库。请联系知识库所有者或管理员为您开通访问权限。',
      readerPersonalOnly: '读者可以创建个人知识库（仅自己可见）。',
      stop: '停止', stopped: '已停止。', copy: '复制', copied: '已复制', regenerate: '重新生成', helpful: '有帮助', notHelpful: '没有帮助',
      feedbackComment: '哪里好、哪里不对？（可选）', sendComment: '提交评论', feedbackThanks: '谢谢，已保存。',
      searchDocs: '按标题或文件名搜索文档', prevPage: '上一页', nextPage: '下一页', pageInfo: '第 {0}–{1} 条，共 {2} 条',
      noDocs: '还没有文档。', noMatchingDocs: '没有匹配的文档。', partlyDone: '部分完成', uploadNetworkError: '上传中断（网络错误）。',
    },
  };
  let lang = localStorage.getItem('zhiku.lang') || ((navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en');

  function t(key, ...args) {
    let s = (texts[lang] && texts[lang][key]) || texts.en[key] || key;
    args.forEach((a, i) => { s = s.replace('{' + i + '}', a); });
    return s;
  }

  function apply() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    document.querySelectorAll('[data-lang-toggle]').forEach(el => { el.textContent = lang === 'zh' ? 'English' : '中文'; });
  }

  function toggle() {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('zhiku.lang', lang);
    apply();
  }

  return { t, apply, toggle, get lang() { return lang; } };
})();
