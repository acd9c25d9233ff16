"""Export paperwork: the PDFs every parcel leaves with.

    artisan order reaches ready_to_ship (orders.lifecycle)
      └─ on commit: tasks.export_documents_generate (Celery, retried)
           └─ services.export_documents_generate
                ├─ data.paperwork_data       what the documents say (JSON, hashed: the version key)
                ├─ rules                     CN22 or CN23, which origin statement
                ├─ render.document_render    HTML template → PDF (WeasyPrint, fonts in fonts/)
                └─ ExportDocument rows       file in Django storage, SHA-256, status
    api/        list, download (artisan, cooperative admin, staff; the buyer: invoice only), verify (public)
    admin.py    cooperative admins print the documents of ready-to-ship orders as one PDF

Nothing here is imported by orders.models except the models module, so
loading the app never loads WeasyPrint.
"""
